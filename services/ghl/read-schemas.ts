// zod schemas of GoHighLevel's read answers used by the delivery read-back (conversations search, a conversation's messages, a contact).
import { z } from 'zod';

/** GET /conversations/search?contactId=…: only the fields the read-back uses; GoHighLevel sends many more. */
export const conversationSearchSchema = z.object({
  conversations: z.array(z.object({ id: z.string().min(1), contactId: z.string().optional() })),
});

/** ISO text (what GoHighLevel sends) or epoch ms, as epoch ms. */
const timestamp = z.union([z.number(), z.string()]).transform((value, ctx) => {
  const ms = typeof value === 'number' ? value : Date.parse(value);
  if (Number.isNaN(ms)) {
    ctx.addIssue({ code: 'custom', message: `not a date: ${String(value)}` });
    return z.NEVER;
  }
  return ms;
});

export const conversationMessageSchema = z.object({
  id: z.string(),
  direction: z.string().optional(),
  body: z.string().optional(),
  dateAdded: timestamp,
  messageType: z.string().optional(),
});
export type ConversationMessage = z.infer<typeof conversationMessageSchema>;

/** GET /conversations/{conversationId}/messages: newest first, paged by `lastMessageId` while `nextPage`. */
export const conversationMessagesSchema = z.object({
  messages: z.object({
    lastMessageId: z.string().optional(),
    nextPage: z.boolean().optional(),
    messages: z.array(conversationMessageSchema),
  }),
});

/** A custom field's value as GoHighLevel answers it: text, a number, or a list of options. */
const fieldValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.union([z.string(), z.number()]))]).nullable();

/** GET /contacts/{contactId}: custom fields come back as `{ id, value }`. */
export const contactSchema = z.object({
  contact: z.object({
    id: z.string(),
    customFields: z.array(z.object({ id: z.string(), value: fieldValue.optional() })).optional(),
    /** When the contact last changed: fields equal to ours prove nothing unless they changed after our attempt began. */
    dateUpdated: timestamp.optional(),
  }),
});
