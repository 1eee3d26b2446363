// A GoHighLevel user wrote to a contact (OutboundMessage with a userId): the contact is taken over, the bots fall silent.
import type { Engine } from '../../services/engine/types';
import type { GhlRegistry } from '../../services/ghl/registry';
import type { GhlOutboundMessage } from '../schemas/ghl';

export type HumanMessageAnswer =
  | { ignored: true; type: 'OutboundMessage'; reason: 'sent_by_baton' | 'unknown_contact' }
  | { contactId: string; takenOverBy: string; state: string; version: number };

/**
 * Baton's own sends come back as OutboundMessage webhooks too: they carry no userId (Baton sends
 * none), and their message id is the one GoHighLevel answered Baton's send with, remembered for a
 * day. Either mark makes the message Baton's, never a human's.
 */
export async function humanMessage(
  deps: { engine: Engine; registry?: GhlRegistry },
  payload: GhlOutboundMessage & { userId: string },
): Promise<HumanMessageAnswer> {
  if (payload.messageId !== undefined && (await deps.registry?.isOwnSend(payload.messageId)) === true) {
    return { ignored: true, type: 'OutboundMessage', reason: 'sent_by_baton' };
  }
  const view = await deps.engine.humanMessage(payload.contactId, payload.userId, Date.parse(payload.dateAdded));
  if (view === null) return { ignored: true, type: 'OutboundMessage', reason: 'unknown_contact' };
  return { contactId: view.contactId, takenOverBy: payload.userId, state: view.state, version: view.version };
}
