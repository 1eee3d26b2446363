// The `baton export` file: JSON lines (a header, then the contact's journal and transcript, oldest first); `replay --file` reads it back.
import { z } from 'zod';
import { journalEntrySchema, transcriptEntrySchema } from '../store/schemas';
import type { RecordedConversation } from './types';

export const EXPORT_FORMAT = 'baton-export/1';

const contactId = z.string().min(1);

export const exportLineSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('contact'), format: z.literal(EXPORT_FORMAT), contactId, exportedAt: z.string() }),
  z.object({ type: z.literal('journal'), contactId, entry: journalEntrySchema }),
  z.object({ type: z.literal('transcript'), contactId, entry: transcriptEntrySchema }),
]);

/** One conversation as export lines; several exports concatenated still read back as one file. */
export function exportLines(conversation: RecordedConversation, exportedAt: Date): string[] {
  const { contactId: id } = conversation;
  return [
    JSON.stringify({ type: 'contact', format: EXPORT_FORMAT, contactId: id, exportedAt: exportedAt.toISOString() }),
    ...conversation.journal.map((entry) => JSON.stringify({ type: 'journal', contactId: id, entry })),
    ...conversation.transcript.map((entry) => JSON.stringify({ type: 'transcript', contactId: id, entry })),
  ];
}

export class ExportFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExportFileError';
  }
}

/** Parses export lines (blank lines ignored) into conversations, sorted by contact id, journals by version. */
export function parseExport(text: string, source: string): RecordedConversation[] {
  const byContact = new Map<string, RecordedConversation>();
  const conversation = (id: string): RecordedConversation => {
    let found = byContact.get(id);
    if (found === undefined) {
      found = { contactId: id, journal: [], transcript: [] };
      byContact.set(id, found);
    }
    return found;
  };
  for (const [index, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (line === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new ExportFileError(`${source}:${index + 1}: not JSON`);
    }
    const parsed = exportLineSchema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ExportFileError(`${source}:${index + 1}: ${issue === undefined ? 'invalid line' : `${issue.path.join('.') || 'line'}: ${issue.message}`}`);
    }
    const item = parsed.data;
    if (item.type === 'contact') conversation(item.contactId);
    else if (item.type === 'journal') conversation(item.contactId).journal.push(item.entry);
    else conversation(item.contactId).transcript.push(item.entry);
  }
  const conversations = [...byContact.values()].sort((a, b) => (a.contactId < b.contactId ? -1 : a.contactId > b.contactId ? 1 : 0));
  for (const found of conversations) found.journal.sort((a, b) => a.version - b.version);
  return conversations;
}
