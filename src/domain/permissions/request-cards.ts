import type { Locale } from '../../shared/locale';
import { answerCard } from '../card-answer';
import type { OutboxMessage, PermissionRequest } from '../model';
import type { Outbox } from '../ports';
import type { Stores } from '../ports/stores';
import type { PermissionTexts } from './permission-texts';

export const PERMISSION_CARD_TOPIC = 'permission_card';
export const REPLY_TOPIC = 'permission_reply';
export const CARD_UPDATE_TOPIC = 'permission_card_update';

export interface RequestCardsDeps {
  stores: Pick<Stores, 'outbox'>;
  outbox: Outbox;
  texts: PermissionTexts;
}

/** The cards a request was put to the admins on, one per admin. */
export function cardsOf(stores: Pick<Stores, 'outbox'>, requestId: string): Promise<OutboxMessage[]> {
  return stores.outbox.list({ ref: requestId, topic: PERMISSION_CARD_TOPIC });
}

/**
 * Every card of the request (for each admin it went to) shows the outcome instead of its buttons;
 * the tapped one is updated with the click's own response code, then the answerer hears back. Each
 * card's own response code is single use: a card updated here is not updated again.
 */
export async function closeCards(
  deps: RequestCardsDeps,
  request: PermissionRequest,
  why: 'outcome' | 'granted' | 'superseded',
  locale: Locale,
  o: {
    clicker?: { userId: string; responseCode: string };
    reply?: { toUser: string; text: string; dedupeKey: string };
  } = {},
): Promise<void> {
  const updateKey = (toUser: string) => `perm:${request.id}:${why}:${toUser}`;
  await answerCard(deps.outbox, {
    suiteId: request.suiteId,
    corpId: request.corpId,
    topic: CARD_UPDATE_TOPIC,
    ref: request.id,
    label: deps.texts.in(locale).cardLabel(request),
    clicker: o.clicker && { ...o.clicker, dedupeKey: updateKey(o.clicker.userId) },
    cards: await cardsOf(deps.stores, request.id),
    updateKeyOf: (card) => updateKey(card.toUser!),
    reply: o.reply && { ...o.reply, topic: REPLY_TOPIC },
  });
}
