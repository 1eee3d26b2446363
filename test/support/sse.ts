// A Server-Sent Events client over fetch for tests: reads frames as they arrive, waits for one with a deadline, drops the connection on demand.
export interface SseEvent {
  id: string | null;
  event: string;
  data: string;
}

export interface SseStream {
  status: number;
  contentType: string | null;
  /** Every event received so far, in order. */
  events: SseEvent[];
  /** Resolves with the first event (from the start of the stream) matching `match`, or rejects after `withinMs`. */
  waitFor(match: (event: SseEvent) => boolean, withinMs: number): Promise<SseEvent>;
  /** Resolves true once the server has ended the stream, false if it is still open after `withinMs`. */
  ended(withinMs: number): Promise<boolean>;
  /** Drops the connection (as a network failure would). */
  close(): void;
}

function parseFrame(frame: string): SseEvent | null {
  let id: string | null = null;
  let event = 'message';
  const data: string[] = [];
  for (const line of frame.split('\n')) {
    if (line === '' || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'id') id = value;
    else if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
  }
  return data.length === 0 ? null : { id, event, data: data.join('\n') };
}

export async function openSse(url: string, headers: Record<string, string> = {}): Promise<SseStream> {
  const controller = new AbortController();
  const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: controller.signal });
  const events: SseEvent[] = [];
  const waiters = new Set<() => void>();
  let done = false;
  const notify = () => {
    for (const waiter of [...waiters]) waiter();
  };
  if (res.body !== null && res.ok) {
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    void (async () => {
      let buffer = '';
      try {
        for (;;) {
          const next = await reader.read();
          if (next.done) break;
          const value = next.value;
          buffer += value;
          let end = buffer.indexOf('\n\n');
          while (end !== -1) {
            const parsed = parseFrame(buffer.slice(0, end));
            buffer = buffer.slice(end + 2);
            if (parsed !== null) events.push(parsed);
            end = buffer.indexOf('\n\n');
          }
          notify();
        }
      } catch {
        // Aborted by close(): the stream just ends.
      }
      done = true;
      notify();
    })();
  }
  return {
    status: res.status,
    contentType: res.headers.get('content-type'),
    events,
    waitFor(match, withinMs) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = events.find(match);
          if (found === undefined) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching event within ${withinMs} ms; got ${JSON.stringify(events.map((e) => [e.event, e.id]))}`));
        }, withinMs);
        waiters.add(check);
        check();
      });
    },
    ended(withinMs) {
      return new Promise((resolve) => {
        const check = () => {
          if (!done) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(true);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          resolve(false);
        }, withinMs);
        waiters.add(check);
        check();
      });
    },
    close() {
      controller.abort();
    },
  };
}
