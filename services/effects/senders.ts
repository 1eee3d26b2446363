// Effect senders: GoHighLevel through its API client, or a local sink that only logs.
import type { GhlClient } from '../ghl/client';
import type { Logger } from '../observability/logger';
import type { EffectSender } from './types';

/** The effect id is the idempotency key: a redelivery after a crash carries the same key. */
export function createGhlSender(client: GhlClient): EffectSender {
  return {
    kind: 'ghl',
    async send(effect) {
      if (effect.kind === 'send_sms') {
        await client.sendSms({ contactId: effect.contactId, message: effect.text, idempotencyKey: effect.id });
      } else {
        await client.updateCustomFields({ contactId: effect.contactId, fields: effect.fields, idempotencyKey: effect.id });
      }
    },
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
