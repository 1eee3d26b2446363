// Turns the effect actions transition() returns (sendSms, writeCrmFields) into outbox effects with stable ids.
import type { CrmFieldsParams, SmsParams } from '../../machines/conversation';
import type { Effect } from '../../domain/types';
import { packageCrmFields } from './crm-fields';
import type { TranscriptEntry } from '../store/types';

interface ActionLike {
  type: string;
  params?: unknown;
}

function isSms(params: unknown): params is SmsParams {
  return typeof params === 'object' && params !== null && 'text' in params && 'bot' in params && 'asks' in params;
}
function isCrmFields(params: unknown): params is CrmFieldsParams {
  return typeof params === 'object' && params !== null && ('fields' in params || 'contextPackage' in params);
}

/** The CRM fields of a writeCrmFields action: given as is, or the handoff's package serialised. */
function fieldsOf(params: CrmFieldsParams): Record<string, string> {
  if ('fields' in params) return params.fields;
  return params.contextPackage === null ? {} : packageCrmFields(params.contextPackage);
}

/**
 * Effect ids derive from (contactId, the event's key, position), so re-running the same decision
 * yields the same ids: the outbox, the queue and the CRM's idempotency header all dedupe on them.
 */
export function effectsFrom(actions: readonly ActionLike[], contactId: string, eventKey: string, at: number, startIndex = 0): Effect[] {
  const effects: Effect[] = [];
  for (const action of actions) {
    const id = `${contactId}:${eventKey}:${startIndex + effects.length}`;
    if (action.type === 'sendSms' && isSms(action.params)) {
      const { bot, text, asks } = action.params;
      effects.push({ kind: 'send_sms', id, contactId, bot, text, asks, at });
    } else if (action.type === 'writeCrmFields' && isCrmFields(action.params)) {
      const fields = fieldsOf(action.params);
      if (Object.keys(fields).length > 0) effects.push({ kind: 'write_crm_fields', id, contactId, fields, at });
    }
  }
  return effects;
}

export function outboundTranscript(effects: readonly Effect[]): TranscriptEntry[] {
  const entries: TranscriptEntry[] = [];
  for (const effect of effects) {
    if (effect.kind === 'send_sms') {
      entries.push({ direction: 'outbound', text: effect.text, at: effect.at, bot: effect.bot, asks: effect.asks, messageId: effect.id });
    }
  }
  return entries;
}
