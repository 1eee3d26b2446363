// Effect senders: GoHighLevel through its API client, or a local sink that only logs.
import type { GhlClient } from '../ghl/client';
import { GhlApiError } from '../ghl/errors';
import type { RateBudget } from '../ghl/rate-budget';
import type { GhlRegistry } from '../ghl/registry';
import type { Logger } from '../observability/logger';
import { alreadyInGhl } from './read-back';
import type { EffectSender } from './types';

export interface GhlSenderOptions {
  /** Per-location request budget; a send over it is refused as rate_limited (the dispatcher delays it). */
  budget?: RateBudget;
  /** Where each contact's location is known, and where Baton's own message ids are remembered. */
  registry?: GhlRegistry;
  now?: () => number;
}

/** Budget key for a contact whose location Baton has not seen (one GoHighLevel token usually serves one location). */
export const UNKNOWN_LOCATION = 'unknown';

/** The effect id is the idempotency key: a redelivery after a crash carries the same key. */
export function createGhlSender(client: GhlClient, options: GhlSenderOptions = {}): EffectSender {
  const now = options.now ?? Date.now;
  return {
    kind: 'ghl',
    async send(effect) {
      const location = (await options.registry?.locationOf(effect.contactId)) ?? UNKNOWN_LOCATION;
      const wait = (await options.budget?.take(location, now())) ?? 0;
      if (wait > 0) throw new GhlApiError('rate_limited', `location ${location} is over its GoHighLevel budget`, null, wait);
      let pauseMs: number | null;
      try {
        if (effect.kind === 'send_sms') {
          const sent = await client.sendSms({ contactId: effect.contactId, message: effect.text, idempotencyKey: effect.id });
          // The SMS is out: failing to remember its id must not make the delivery fail and the SMS go twice.
          // (Its OutboundMessage carries no userId anyway, so it is still not taken for a human.)
          if (sent.messageId !== null) await options.registry?.rememberSent(sent.messageId, effect.id).catch(() => undefined);
          pauseMs = sent.pauseMs;
        } else {
          ({ pauseMs } = await client.updateCustomFields({ contactId: effect.contactId, fields: effect.fields, idempotencyKey: effect.id }));
        }
      } catch (error) {
        if (error instanceof GhlApiError && error.reason === 'rate_limited' && error.retryAfterMs !== null) {
          await options.budget?.pause(location, now() + error.retryAfterMs);
        }
        throw error;
      }
      if (pauseMs !== null) await options.budget?.pause(location, now() + pauseMs);
    },
    alreadyApplied: (effect, since) => alreadyInGhl(client, effect, since, async (messageId) => (await options.registry?.sentBy(messageId)) ?? null),
  };
}

/**
 * Without GHL_API_TOKEN nothing leaves the process: the effect is logged (never its text at info)
 * and counts as delivered. The transcript already shows outbound messages, since the engine
 * commits them.
 */
export function createSinkSender(logger: Logger): EffectSender {
  return {
    kind: 'sink',
    async send(effect) {
      if (effect.kind === 'send_sms') {
        logger.info({ effectId: effect.id, contactId: effect.contactId, bot: effect.bot, asks: effect.asks, chars: effect.text.length }, 'sink: sms');
      } else {
        logger.info({ effectId: effect.id, contactId: effect.contactId, fields: Object.keys(effect.fields) }, 'sink: crm fields');
      }
    },
  };
}
