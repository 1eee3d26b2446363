// The OpenAPI 3.1 document of every route, generated from the zod schemas the routes parse with.
import { z } from 'zod';
import * as api from './schemas/api';
import { contactIdSchema, webhookBodySchema } from './schemas/ghl';
import { remoteBotRequestSchema, remoteBotResponseSchema } from '../services/bots/contract';
import { SIGNATURE_HEADER } from './signature';
import { contactListQuerySchema, eventsQuerySchema } from './schemas/live';
import { contactChangeSchema } from '../services/store/change';

type JsonObject = Record<string, unknown>;

const ref = (id: string): JsonObject => ({ $ref: `#/components/schemas/${id}` });

/** Every schema registered with `.meta({ id })` becomes a component; JSON Schema 2020-12 is OpenAPI 3.1's dialect. */
function components(): Record<string, JsonObject> {
  // Touch the imported schemas so their `.meta({id})` registrations exist before the registry is read.
  void webhookBodySchema;
  void api.errorBodySchema;
  void remoteBotRequestSchema;
  void remoteBotResponseSchema;
  const generated = z.toJSONSchema(z.globalRegistry, {
    target: 'draft-2020-12',
    unrepresentable: 'any',
    uri: (id) => `#/components/schemas/${id}`,
  });
  const schemas: Record<string, JsonObject> = {};
  for (const [id, schema] of Object.entries(generated.schemas)) {
    const { $schema: _dialect, $id: _id, ...rest } = schema as JsonObject;
    schemas[id] = rest;
  }
  return schemas;
}

const inline = (schema: z.ZodType): JsonObject => {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonObject;
  return rest;
};

const json = (schema: JsonObject, description: string): JsonObject => ({ description, content: { 'application/json': { schema } } });
const errors = (...statuses: number[]): JsonObject =>
  Object.fromEntries(statuses.map((status) => [String(status), json(ref('Error'), `error (${status})`)]));

const idParam = { name: 'id', in: 'path', required: true, schema: inline(contactIdSchema) };
const admin = { security: [{ adminToken: [] }] };
const adminErrors = errors(400, 401, 404, 429);

export function buildOpenApi(version: string): JsonObject {
  const contactGet = (summary: string, schemaId: string, extra: JsonObject = {}): JsonObject => ({
    get: { summary, tags: ['admin'], parameters: [idParam], ...admin, ...extra, responses: { '200': json(ref(schemaId), summary), ...adminErrors } },
  });
  return {
    openapi: '3.1.0',
    info: { title: 'Baton', version, description: 'Statechart-based SMS conversation engine: GoHighLevel webhook and admin API.' },
    components: {
      schemas: components(),
      securitySchemes: { adminToken: { type: 'http', scheme: 'bearer', description: 'ADMIN_TOKEN; required on /v1/* and /inspect when set' } },
    },
    // What Baton calls: a remote bot (BOT_URL_LEAD|BUYER|SELLER) gets one POST per turn.
    webhooks: {
      remoteBotTurn: {
        post: {
          summary: 'Remote bot turn: Baton POSTs to BOT_URL_<BOT>; answer within BOT_TIMEOUT_MS',
          description:
            'Connection refused/reset before an answer is retried once; a timeout, non-2xx, invalid body or an `asks` key outside `asksAllowed` (a known fact) is a bot error: counted against the bot’s health, and the turn answers with the built-in bot’s reply (BOT_FALLBACK=builtin) or nothing (none).',
          tags: ['remote bot'],
          requestBody: { required: true, content: { 'application/json': { schema: ref('RemoteBotRequest') } } },
          responses: { '200': json(ref('RemoteBotResponse'), 'the reply to send') },
        },
      },
    },
    paths: {
      '/webhooks/ghl': {
        post: {
          summary: 'GoHighLevel webhook (InboundMessage; OutboundMessage from a user takes the contact over; ContactDelete erases; other types are ignored)',
          tags: ['webhook'],
          parameters: [{ name: SIGNATURE_HEADER, in: 'header', required: false, description: 'Ed25519 signature (base64) of the raw body; required when GHL_WEBHOOK_PUBLIC_KEY is set', schema: { type: 'string' } }],
          requestBody: { required: true, content: { 'application/json': { schema: ref('GhlWebhook') } } },
          responses: {
            '200': json(ref('WebhookAnswer'), 'processed, duplicate, ignored or erased'),
            ...errors(400, 401, 413, 415, 429),
          },
        },
      },
      '/v1/contacts': {
        get: {
          summary: 'Recent contacts, newest message first (id, state, bot, version, last message time), paged by `nextCursor`, with `counts` per state (top-level and full names)',
          tags: ['admin'],
          ...admin,
          parameters: (['limit', 'cursor', 'state'] as const).map((name) => ({ name, in: 'query', required: false, schema: inline(contactListQuerySchema.shape[name]) })),
          responses: { '200': { description: '{contacts, nextCursor, counts}' }, ...errors(400, 401) },
        },
      },
      '/v1/contacts/{id}/events': {
        get: {
          summary: 'Server-Sent Events: one `change` event (id = version) per committed version, on every host; a `ready` event once live. Resumes after `Last-Event-ID` (or `after`) without losing a version',
          tags: ['admin'],
          ...admin,
          parameters: [
            idParam,
            { name: 'Last-Event-ID', in: 'header', required: false, description: 'the last version received (EventSource sends it on a reconnect)', schema: { type: 'string', pattern: '^\\d{1,12}$' } },
            { name: 'after', in: 'query', required: false, schema: inline(eventsQuerySchema.shape.after.unwrap()) },
          ],
          responses: { '200': { description: 'the stream; each `change` event carries a ContactChange', content: { 'text/event-stream': { schema: inline(contactChangeSchema) } } }, ...adminErrors },
        },
      },
      '/v1/contacts/{id}/versions/{version}': {
        get: {
          summary: "A contact as of one committed version (time travel): state, context (replayed from the journal), decision and each guard's input against its limit",
          tags: ['admin'],
          ...admin,
          parameters: [idParam, { name: 'version', in: 'path', required: true, schema: { type: 'string', pattern: '^[1-9]\\d{0,11}$' } }],
          responses: { '200': { description: 'VersionView' }, ...adminErrors },
        },
      },
      '/v1/contacts/{id}': contactGet('Contact view: state, owning bot, handoffs, last decision', 'ContactView'),
      '/v1/contacts/{id}/journal': contactGet('Decisions, newest first, with the input each was computed from (what `npx baton replay` re-runs)', 'Journal', {
        parameters: [idParam, { name: 'limit', in: 'query', required: false, schema: inline(api.journalQuerySchema.shape.limit) }],
      }),
      '/v1/contacts/{id}/messages': contactGet('Transcript, oldest first', 'Transcript'),
      '/v1/contacts/{id}/effects/failed': contactGet('Effects that could not be delivered', 'FailedEffects'),
      '/v1/contacts/{id}/takeover': {
        post: {
          summary: 'A human takes the contact: escalated, the bots fall silent',
          tags: ['admin'],
          parameters: [idParam],
          ...admin,
          requestBody: { required: false, content: { 'application/json': { schema: ref('TakeoverRequest') } } },
          responses: { '200': json(ref('ContactView'), 'the contact after the takeover'), ...adminErrors },
        },
      },
      '/v1/contacts/{id}/release': {
        post: {
          summary: 'A human gives the contact back to a bot; the handoff chain is reset',
          tags: ['admin'],
          parameters: [idParam],
          ...admin,
          requestBody: { required: true, content: { 'application/json': { schema: ref('ReleaseRequest') } } },
          responses: { '200': json(ref('ContactView'), 'the contact after the release'), ...adminErrors },
        },
      },
      '/v1/bots/health': { get: { summary: 'Bot health against SLA', tags: ['admin'], ...admin, responses: { '200': json(ref('BotsHealth'), 'per bot'), ...errors(401) } } },
      '/v1/policy': { get: { summary: 'The conversation policy in force (defaults + POLICY_FILE)', tags: ['admin'], ...admin, responses: { '200': json(ref('Policy'), 'every number the conversation obeys'), ...errors(401) } } },
      '/v1/patterns': { get: { summary: 'Learned thresholds with sample counts', tags: ['admin'], ...admin, responses: { '200': json(ref('Patterns'), 'per pattern and route'), ...errors(401) } } },
      '/healthz': { get: { summary: 'Liveness', tags: ['ops'], responses: { '200': json(ref('Health'), 'alive') } } },
      '/readyz': { get: { summary: 'Readiness: the store answers', tags: ['ops'], responses: { '200': json(ref('Ready'), 'ready'), ...errors(503) } } },
      '/metrics': { get: { summary: 'Prometheus metrics', tags: ['ops'], responses: { '200': { description: 'text exposition format', content: { 'text/plain': { schema: { type: 'string' } } } } } } },
      '/openapi.json': { get: { summary: 'This document', tags: ['ops'], responses: { '200': { description: 'OpenAPI 3.1' } } } },
    },
  };
}
