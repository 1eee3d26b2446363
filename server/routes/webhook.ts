// POST /webhooks/ghl: verify the raw body, parse it, and hand an InboundMessage to the engine.
import express, { Router, type Request } from 'express';
import type { Engine, InboundMessage } from '../../services/engine/types';
import type { Metrics } from '../../services/observability/metrics';
import { AppError, badRequest, toAppError, unauthorized } from '../errors';
import { deriveDeleteId, deriveMessageId, describeIssues, parseWebhook, type GhlInboundMessage } from '../schemas/ghl';
import { SIGNATURE_HEADER, type SignatureVerifier } from '../signature';
import type { GhlRegistry } from '../../services/ghl/registry';
import { humanMessage } from './human-message';
import { noteOnAccessLog } from '../middleware/request-context';

export const WEBHOOK_BODY_LIMIT = '64kb';

export interface WebhookDeps {
  engine: Engine;
  metrics: Metrics;
  /** Null when no public key is configured (development only; the host warns at startup). */
  verifier: SignatureVerifier | null;
  /** Baton's own sends and each contact's location; absent in hosts that talk to no GoHighLevel. */
  registry?: GhlRegistry;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** JSON is decoded here, after the signature check, so the verified bytes are exactly the parsed ones. */
function decodeJson(raw: Buffer): unknown {
  let text: string;
  try {
    text = utf8.decode(raw);
  } catch {
    throw badRequest('invalid_json', 'request body is not valid UTF-8');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw badRequest('invalid_json', 'request body is not valid JSON');
  }
}

function toInbound(payload: GhlInboundMessage): InboundMessage {
  return {
    contactId: payload.contactId,
    messageId: payload.messageId ?? deriveMessageId(payload.contactId, payload.dateAdded, payload.body),
    text: payload.body,
    at: Date.parse(payload.dateAdded),
    locationId: payload.locationId,
    conversationId: payload.conversationId ?? null,
  };
}

function rawBody(req: Request): Buffer {
  return Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
}

export function webhookRouter(deps: WebhookDeps): Router {
  const router = Router();
  router.post(
    '/webhooks/ghl',
    // Every content type is read raw (GoHighLevel sends application/json; the signature covers bytes).
    express.raw({ type: () => true, limit: WEBHOOK_BODY_LIMIT, inflate: false }),
    async (req, res) => {
      const stopTimer = deps.metrics.webhookSeconds.startTimer();
      let outcome = 'error';
      try {
        const raw = rawBody(req);
        if (deps.verifier !== null) {
          const check = deps.verifier.check(raw, req.headers[SIGNATURE_HEADER]);
          if (!check.ok) throw unauthorized(check.code, check.message);
        }
        const parsed = parseWebhook(decodeJson(raw));
        if (!parsed.ok) throw badRequest('invalid_payload', describeIssues(parsed.issues));
        const webhook = parsed.webhook;
        if (webhook.kind === 'ignored') {
          outcome = 'ignored';
          res.status(200).json({ ignored: true, type: webhook.type, reason: webhook.reason });
          return;
        }
        if (webhook.kind === 'delete') {
          const { id, timestamp } = webhook.payload;
          const erased = await deps.engine.erase(id, { deleteId: deriveDeleteId(webhook.payload, raw), at: timestamp === undefined ? null : Date.parse(timestamp) });
          if (erased.status === 'duplicate') {
            outcome = 'duplicate';
            noteOnAccessLog(res, 'duplicate ContactDelete: nothing erased', { contactId: id });
            res.status(200).json({ contactId: id, duplicate: true });
            return;
          }
          noteOnAccessLog(res, 'contact erased (ContactDelete)', { contactId: id });
          outcome = 'erased';
          res.status(200).json({ contactId: id, erased: true });
          return;
        }
        if (webhook.kind === 'human') {
          const answer = await humanMessage(deps, webhook.payload);
          outcome = 'ignored' in answer ? 'ignored' : 'takeover';
          noteOnAccessLog(res, 'outbound message from GoHighLevel', { contactId: webhook.payload.contactId, userId: webhook.payload.userId, ...answer });
          res.status(200).json(answer);
          return;
        }
        const message = toInbound(webhook.payload);
        await deps.registry?.rememberLocation(message.contactId, webhook.payload.locationId);
        const result = await deps.engine.handleInbound(message);
        if (result.status === 'duplicate') {
          outcome = 'duplicate';
          noteOnAccessLog(res, 'duplicate message', { contactId: result.contactId, messageId: message.messageId });
          res.status(200).json({ contactId: result.contactId, duplicate: true });
          return;
        }
        deps.metrics.recordDecision(result.decision);
        outcome = 'processed';
        noteOnAccessLog(res, 'message processed', {
          contactId: result.contactId,
          messageId: message.messageId,
          state: result.state,
          decision: result.decision.kind,
          reason: result.decision.reason,
          effects: result.effects.length,
        });
        res.status(200).json({ contactId: result.contactId, version: result.version, state: result.state, bot: result.bot, decision: result.decision });
      } catch (err) {
        const known = toAppError(err);
        outcome = known === null ? 'error' : known.status === 429 ? 'busy' : 'rejected';
        throw err instanceof AppError || known === null ? err : known;
      } finally {
        stopTimer({ outcome });
      }
    },
  );
  return router;
}
