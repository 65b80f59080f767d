import type { OutboxMessage } from './model';
import type { Outbox } from './ports';
import { replaceButtons, textMessage } from './wecom-messages';

export interface CardAnswer {
  suiteId: string;
  corpId: string;
  /** Outbox topic and ref of the card updates. */
  topic: string;
  ref?: string;
  /** What the buttons become, e.g. "已生效"; none: every card stays as it is. */
  label?: string;
  /** The card that was tapped: updated with the click's own response code (in its own words, if given). */
  clicker?: { userId: string; responseCode: string; dedupeKey: string; label?: string };
  /** The cards sent to the admins for this question; those that never went out are skipped. */
  cards: readonly OutboxMessage[];
  /** The update's dedupe key for one of `cards`. */
  updateKeyOf(card: OutboxMessage): string;
  /** A line back to whoever answered. */
  reply?: { toUser: string; text: string; dedupeKey: string; topic: string };
}

/**
 * An answered card, the same for every question the bot asks: every admin's card of it loses its
 * buttons (so nobody answers twice), the tapped one first; then the one who answered hears back.
 */
export async function answerCard(outbox: Outbox, a: CardAnswer): Promise<void> {
  if (a.label !== undefined) await greyOut(outbox, { ...a, label: a.label });
  if (a.reply) await replyTo(outbox, { suiteId: a.suiteId, corpId: a.corpId, ...a.reply });
}

async function greyOut(outbox: Outbox, a: CardAnswer & { label: string }): Promise<void> {
  const common = { channel: 'app_card_update' as const, suiteId: a.suiteId, corpId: a.corpId };
  const done = new Set<string>();
  if (a.clicker) {
    const { userId, responseCode, dedupeKey } = a.clicker;
    await outbox.enqueue({
      ...common,
      topic: a.topic,
      ref: a.ref,
      dedupeKey,
      toUser: userId,
      payload: replaceButtons({ userIds: [userId], responseCode, replaceName: a.clicker.label ?? a.label }),
    });
    done.add(userId);
  }
  for (const card of a.cards) {
    const toUser = card.toUser;
    if (!toUser || done.has(toUser) || card.status === 'failed' || card.status === 'cancelled') continue;
    done.add(toUser);
    await outbox.enqueue({
      ...common,
      topic: a.topic,
      ref: a.ref,
      dedupeKey: a.updateKeyOf(card),
      toUser,
      payload: replaceButtons({ userIds: [toUser], responseCodeFrom: card.id, replaceName: a.label }),
    });
  }
}

/** A line of text to one member, written once per dedupe key. */
export async function replyTo(
  outbox: Outbox,
  r: { suiteId: string; corpId: string; toUser: string; text: string; dedupeKey: string; topic: string },
): Promise<void> {
  await outbox.enqueue({
    dedupeKey: r.dedupeKey,
    channel: 'app',
    suiteId: r.suiteId,
    corpId: r.corpId,
    toUser: r.toUser,
    topic: r.topic,
    payload: textMessage(r.toUser, r.text),
  });
}

/** A tap on a card's button, as the template_card_event callback carries it. */
export interface CardClick {
  fromUser: string;
  /** Single use, valid 72 h: it updates the tapped card once. */
  responseCode: string;
}
