// GoHighLevel webhook payloads (InboundMessage, ContactDelete, anything else) parsed with zod.
import { createHash } from 'node:crypto';
import { z } from 'zod';

/**
 * Contact ids end up inside Redis keys hash-tagged as `baton:{<contactId>}`; a brace, colon or
 * space would break the slot or the key layout, so ids are restricted to GoHighLevel's alphabet.
 */
export const contactIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 characters of letters, digits, "_" or "-"')
  .meta({ description: 'GoHighLevel contact id', example: 'nmFmQEsNgz6AVpgLVUJ0' });

const optionalId = z.string().min(1).max(128).optional();

/** The InboundMessage webhook (marketplace.gohighlevel.com/docs/2021-07-28/webhook/InboundMessage). */
export const inboundMessageSchema = z
  .object({
    type: z.literal('InboundMessage'),
    locationId: z.string().min(1).max(128),
    contactId: contactIdSchema,
    conversationId: optionalId,
    /** Absent in GoHighLevel's documented example; derived when missing (see deriveMessageId). */
    messageId: optionalId,
    body: z.string().max(16_000).default(''),
    messageType: z.string().min(1).max(64).meta({ description: 'Channel: SMS, Email, CALL, GMB, FB, IG, Live Chat, ...' }),
    direction: z.enum(['inbound', 'outbound']).optional(),
    dateAdded: z.iso.datetime({ offset: true }).meta({ description: 'ISO 8601 time the message was added' }),
    attachments: z.array(z.string().max(2048)).max(50).optional(),
    contentType: z.string().max(128).optional(),
    status: z.string().max(64).optional(),
    userId: optionalId,
    conversationProviderId: optionalId,
    callDuration: z.number().optional(),
    callStatus: z.string().max(64).optional(),
    chatWidgetId: optionalId,
    from: z.string().max(256).optional(),
    to: z.string().max(256).optional(),
    messageTypeId: z.number().optional(),
    messageTypeString: z.string().max(64).optional(),
  })
  .meta({ id: 'GhlInboundMessage', description: 'GoHighLevel InboundMessage webhook' });
export type GhlInboundMessage = z.infer<typeof inboundMessageSchema>;

/**
 * The OutboundMessage webhook: a message sent to the contact from GoHighLevel. One with a `userId`
 * that is not one of Baton's own sends (recognised by the message id GoHighLevel answered Baton's
 * send with; Baton also never sends a userId) is a human agent writing: the contact is taken over.
 */
export const outboundMessageSchema = inboundMessageSchema
  .extend({ type: z.literal('OutboundMessage') })
  .meta({ id: 'GhlOutboundMessage', description: 'GoHighLevel OutboundMessage webhook (a user writing from GoHighLevel takes the contact over)' });
export type GhlOutboundMessage = z.infer<typeof outboundMessageSchema>;

/** The ContactDelete webhook: erase everything kept about the contact. */
export const contactDeleteSchema = z
  .object({
    type: z.literal('ContactDelete'),
    locationId: z.string().min(1).max(128).optional(),
    id: contactIdSchema,
    /** GoHighLevel's delivery id, when sent: the delete's idempotency key (else a digest of the signed bytes). */
    webhookId: optionalId,
    /** When the event happened, when sent: it must lie inside the message window like a message's dateAdded. */
    timestamp: z.iso.datetime({ offset: true }).optional(),
  })
  .meta({ id: 'GhlContactDelete', description: 'GoHighLevel ContactDelete webhook' });
export type GhlContactDelete = z.infer<typeof contactDeleteSchema>;

/** Only `type` is read first; it decides which schema the rest must satisfy. */
export const webhookEnvelopeSchema = z.object({ type: z.string().min(1).max(128) });

export const webhookBodySchema = z
  .union([inboundMessageSchema, outboundMessageSchema, contactDeleteSchema, webhookEnvelopeSchema])
  .meta({ id: 'GhlWebhook', description: 'Any GoHighLevel webhook; types other than InboundMessage, OutboundMessage and ContactDelete are ignored' });

export type ParsedWebhook =
  | { kind: 'inbound'; payload: GhlInboundMessage }
  | { kind: 'delete'; payload: GhlContactDelete }
  | { kind: 'human'; payload: GhlOutboundMessage & { userId: string } }
  | { kind: 'ignored'; type: string; reason: string };

export type WebhookParseResult = { ok: true; webhook: ParsedWebhook } | { ok: false; issues: z.core.$ZodIssue[] };

/** Routes a decoded JSON value by its `type`; unknown types are ignored, never rejected. */
export function parseWebhook(value: unknown): WebhookParseResult {
  const envelope = webhookEnvelopeSchema.safeParse(value);
  if (!envelope.success) return { ok: false, issues: envelope.error.issues };
  const type = envelope.data.type;
  if (type === 'InboundMessage') {
    const parsed = inboundMessageSchema.safeParse(value);
    if (!parsed.success) return { ok: false, issues: parsed.error.issues };
    const payload = parsed.data;
    if (payload.direction === 'outbound') return { ok: true, webhook: { kind: 'ignored', type, reason: 'outbound_message' } };
    if (payload.messageType.toUpperCase() !== 'SMS') return { ok: true, webhook: { kind: 'ignored', type, reason: 'not_sms' } };
    return { ok: true, webhook: { kind: 'inbound', payload } };
  }
  if (type === 'OutboundMessage') {
    const parsed = outboundMessageSchema.safeParse(value);
    if (!parsed.success) return { ok: false, issues: parsed.error.issues };
    const { userId } = parsed.data;
    if (userId === undefined) return { ok: true, webhook: { kind: 'ignored', type, reason: 'not_sent_by_a_user' } };
    return { ok: true, webhook: { kind: 'human', payload: { ...parsed.data, userId } } };
  }
  if (type === 'ContactDelete') {
    const parsed = contactDeleteSchema.safeParse(value);
    if (!parsed.success) return { ok: false, issues: parsed.error.issues };
    return { ok: true, webhook: { kind: 'delete', payload: parsed.data } };
  }
  return { ok: true, webhook: { kind: 'ignored', type, reason: 'unhandled_type' } };
}

/**
 * The idempotency key when GoHighLevel sends no messageId: the same (contact, time, text) is the
 * same message, so a redelivery is recognised. The separator cannot occur in a contact id.
 */
export function deriveMessageId(contactId: string, dateAdded: string, body: string): string {
  const digest = createHash('sha256').update(`${contactId}|${dateAdded}|${body}`).digest('hex');
  return `derived-${digest.slice(0, 40)}`;
}

/**
 * The idempotency key of a ContactDelete: GoHighLevel's webhookId when present, else a digest of the
 * exact signed bytes, so replaying the same signed request is recognised.
 */
export function deriveDeleteId(payload: GhlContactDelete, raw: Buffer): string {
  if (payload.webhookId !== undefined) return `delete-${payload.webhookId}`;
  return `delete-${createHash('sha256').update(raw).digest('hex').slice(0, 40)}`;
}

/** One short sentence naming the first problem, for `{error:{message}}`. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  const first = issues[0];
  if (first === undefined) return 'invalid payload';
  const path = first.path.length > 0 ? first.path.map(String).join('.') : 'body';
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  return `${path}: ${first.message}${more}`;
}
