// Runs a replay over a source of recorded conversations (Redis or an export file) and builds the report; reads only, writes nothing.
import { createReplayer, type ReplayerOptions } from './conversation';
import { createReportBuilder } from './report';
import type { RecordedConversation, ReplayReport } from './types';

export interface ConversationSource {
  contactIds(): Promise<string[]>;
  load(contactIds: readonly string[]): Promise<RecordedConversation[]>;
}

export interface ReplayRunOptions extends ReplayerOptions {
  /** Shown in the report under "settings". */
  settings: Record<string, string | number | boolean>;
  /** Only this contact. */
  contactId: string | null;
  /** Told after each chunk: conversations done, conversations in all. */
  onProgress?: (done: number, total: number) => void;
}

const CHUNK = 256;

export function fileSource(conversations: readonly RecordedConversation[]): ConversationSource {
  const byId = new Map(conversations.map((conversation) => [conversation.contactId, conversation]));
  return {
    contactIds: async () => [...byId.keys()],
    load: async (ids) => ids.flatMap((id) => byId.get(id) ?? []),
  };
}

function activeSince(conversation: RecordedConversation, since: number | null): boolean {
  if (since === null) return true;
  return conversation.journal.some((entry) => entry.decision.at >= since);
}

export async function runReplay(source: ConversationSource, options: ReplayRunOptions): Promise<ReplayReport> {
  const replayer = createReplayer(options);
  const builder = createReportBuilder(options.settings);
  let loadMs = 0;
  let replayMs = 0;
  let cpuMicros = 0;
  const loadStarted = performance.now();
  const all = await source.contactIds();
  loadMs += performance.now() - loadStarted;
  const ids = options.contactId === null ? all : all.filter((id) => id === options.contactId);
  for (let start = 0; start < ids.length; start += CHUNK) {
    const loading = performance.now();
    const conversations = await source.load(ids.slice(start, start + CHUNK));
    loadMs += performance.now() - loading;
    const replaying = performance.now();
    const cpu = process.cpuUsage();
    for (const conversation of conversations) {
      if (!activeSince(conversation, options.since)) continue;
      const result = replayer.replay(conversation);
      if (result.ok) builder.conversation(conversation.contactId, result.outcomes);
      else builder.unreplayable(conversation.contactId, result.reason);
    }
    replayMs += performance.now() - replaying;
    const used = process.cpuUsage(cpu);
    cpuMicros += used.user + used.system;
    options.onProgress?.(Math.min(ids.length, start + CHUNK), ids.length);
  }
  return builder.finish({ replaySeconds: replayMs / 1000, cpuSeconds: cpuMicros / 1e6, loadSeconds: loadMs / 1000 });
}
