// zod schemas of the live API's inputs: the contact list's query and cursor, the SSE resume point, a version number.
import { z } from 'zod';

const STATE_NAME = /^[A-Za-z][A-Za-z0-9_]{0,40}(\.[A-Za-z][A-Za-z0-9_]{0,40})?$/;

export const cursorTupleSchema = z.tuple([z.number().int().nonnegative(), z.string().regex(/^[A-Za-z0-9_-]{1,64}$/)]);

export const contactListQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().min(1).max(200).regex(/^[A-Za-z0-9_-]+$/, 'must be a cursor from an earlier page (nextCursor)').optional(),
  state: z.string().regex(STATE_NAME, 'must be a state name such as buyer or buyer.budget').optional(),
});

/** An SSE client's resume point: the Last-Event-ID header on a reconnect, or `?after=` on the first connect. */
export const versionNumberSchema = z.string().regex(/^\d{1,12}$/, 'must be a version number').transform(Number);

export const eventsQuerySchema = z.strictObject({ after: versionNumberSchema.optional() });

export const versionParamsSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 characters of letters, digits, "_" or "-"'),
  version: z.string().regex(/^[1-9]\d{0,11}$/, 'must be a positive version number').transform(Number),
});

export function encodeCursor(at: number, id: string): string {
  return Buffer.from(JSON.stringify([at, id]), 'utf8').toString('base64url');
}

/** Null when the text is not a cursor this API wrote. */
export function decodeCursor(text: string): { at: number; id: string } | null {
  try {
    const parsed = cursorTupleSchema.safeParse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
    return parsed.success ? { at: parsed.data[0], id: parsed.data[1] } : null;
  } catch {
    return null;
  }
}
