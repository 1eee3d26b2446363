// GET /contacts/:id/events: Server-Sent Events, one `change` per committed version, resumable from Last-Event-ID without losing a version.
import { Router, type Request } from 'express';
import type { Engine } from '../../services/engine/types';
import type { ContactChange } from '../../services/store/change';
import { changesFromHistory } from '../../services/store/change-history';
import type { ChangeFeed } from '../../services/store/change-feed';
import { AppError, notFound } from '../errors';
import { contactParamsSchema } from '../schemas/api';
import { eventsQuerySchema, versionNumberSchema } from '../schemas/live';
import { parseOr400 } from './parse';

export interface ContactEventsDeps {
  engine: Pick<Engine, 'view' | 'journal' | 'transcript' | 'policy'>;
  feed: Pick<ChangeFeed, 'subscribe'>;
  /** Open streams register their end function here, so a shutdown can end them. */
  streams: Set<() => void>;
  /** A comment line this often keeps proxies from closing an idle stream (default 15 s). */
  heartbeatMs?: number;
  onError?: (error: unknown) => void;
}

/** The client's resume point: Last-Event-ID (set by EventSource on a reconnect) wins over `?after=`. */
function resumePoint(req: Request): number | null {
  const header = req.get('last-event-id');
  if (header !== undefined && header !== '') return parseOr400(versionNumberSchema, header.trim(), 'invalid_last_event_id');
  return parseOr400(eventsQuerySchema, req.query, 'invalid_query').after ?? null;
}

export function contactEventsRouter(deps: ContactEventsDeps): Router {
  const { engine, feed } = deps;
  const heartbeatMs = deps.heartbeatMs ?? 15_000;
  const onError = deps.onError ?? (() => undefined);
  const router = Router();

  /** Changes after `after` up to `upTo`, rebuilt from the journal, the transcript and the current handoff list (the store keeps no separate change log). */
  async function missed(contactId: string, after: number, upTo: number): Promise<ContactChange[]> {
    const [journal, transcript, view] = await Promise.all([engine.journal(contactId, engine.policy.retention.journalEntries), engine.transcript(contactId), engine.view(contactId)]);
    const current = view === null ? null : { version: view.version, handoffs: view.handoffs };
    return changesFromHistory(contactId, { journal, transcript, current }, after, upTo);
  }

  router.get('/contacts/:id/events', async (req, res) => {
    const id = parseOr400(contactParamsSchema, req.params, 'invalid_contact_id').id;
    const from = resumePoint(req);
    const view = await engine.view(id);
    if (view === null) throw notFound('contact_not_found', `contact ${id} not found`);

    let last = from === null || from > view.version ? view.version : from;
    let closed = false;
    let catchingUp = true;
    const early: ContactChange[] = [];
    let queue = Promise.resolve();

    const send = (change: ContactChange) => {
      res.write(`id: ${change.version}\nevent: change\ndata: ${JSON.stringify(change)}\n\n`);
      last = change.version;
    };
    // One change at a time, in version order; a change past a gap first brings the versions before it.
    const handle = async (change: ContactChange) => {
      if (closed || change.version <= last) return;
      if (change.version > last + 1) for (const m of await missed(id, last, change.version - 1)) if (!closed && m.version > last) send(m);
      if (!closed && change.version > last) send(change);
    };
    const deliver = (change: ContactChange) => {
      queue = queue.then(() => handle(change)).catch(onError);
    };

    // Subscribed before catching up, so a version committed meanwhile is held, not lost.
    const unsubscribe = await feed.subscribe(id, (change) => (catchingUp ? early.push(change) : deliver(change))).catch((error: unknown) => {
      onError(error);
      // Redis unreachable: the client's EventSource retries by itself.
      throw new AppError(503, 'live_unavailable', 'the live feed is unavailable right now; retry shortly', 1);
    });
    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    res.write('retry: 1000\n\n');

    const heartbeat = setInterval(() => res.write(': ping\n\n'), heartbeatMs);
    heartbeat.unref();
    const end = () => {
      if (closed) return;
      closed = true;
      clearInterval(heartbeat);
      unsubscribe();
      deps.streams.delete(end);
      res.end();
    };
    deps.streams.add(end);
    req.on('close', end);

    try {
      if (last < view.version) for (const change of await missed(id, last, view.version)) if (!closed && change.version > last) send(change);
    } catch (error) {
      onError(error);
    }
    catchingUp = false;
    for (const change of early) deliver(change);
    // Tells the client the stream is live and where it stands.
    queue = queue.then(() => {
      if (!closed) res.write(`event: ready\ndata: ${JSON.stringify({ contactId: id, version: last })}\n\n`);
    });
  });
  return router;
}
