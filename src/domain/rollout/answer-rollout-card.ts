import type { Clock } from '../../shared/clock';
import { answerCard, type CardClick } from '../card-answer';
import type { RolloutAction } from '../card-keys';
import { isActive, type ActiveEnterprise, type EnterpriseContext } from '../enterprise/context';
import { ENABLED_CARD_TOPIC } from '../lifecycle/enabled-card';
import type { OutboxMessage, Rollout } from '../model';
import type { Outbox } from '../ports';
import type { OutboxStore, RolloutPatch, RolloutStore } from '../ports/stores';
import type { ObserveVisibility } from './observe-visibility';
import { describeReach, describeVisibility } from './reach';
import { reminderBase } from './reminder-card';
import type { RolloutOptions } from './rollout-options';
import {
  OUTCOME_LABELS,
  PAUSED_REPLY,
  UNCHECKED_REPLY,
  confirmedReply,
  endedReply,
  laterReply,
  notWidenedReply,
} from './rollout-texts';
import { OPEN, type RolloutWriter } from './rollout-writer';
import type { Schedule } from './schedule';
import { formatLocal } from './zoned-time';

export interface AnswerRolloutCardDeps {
  rollouts: Pick<RolloutStore, 'get'>;
  /** Where the other admins' cards are found, to grey them out. */
  sent: Pick<OutboxStore, 'findByDedupeKey' | 'list'>;
  outbox: Outbox;
  clock: Clock;
  config: Pick<RolloutOptions, 'remindLaterMinutes'>;
  schedule: Schedule;
  writer: RolloutWriter;
  observe: ObserveVisibility;
}

/** What the buttons become (none: the card stays live), and the line back to the one who tapped. */
interface Answer {
  label?: string;
  reply?: string;
  /** False: only the tapped card changes (the rollout has ended; the other cards say so when tapped). */
  othersToo?: boolean;
}

/** An admin's answer on a reminder card (or on the enabled card: Pilot set → widened, Remind me later → later). */
export function createAnswerRolloutCard(deps: AnswerRolloutCardDeps) {
  const { outbox, clock, config, schedule, writer } = deps;

  async function onCardAction(action: RolloutAction, click: CardClick, enterprise: EnterpriseContext) {
    const { suiteId, corpId } = enterprise;
    const r = isActive(enterprise) ? await deps.rollouts.get(suiteId, corpId) : undefined;
    if (!isActive(enterprise) || !r) {
      enterprise.log.info({ action }, 'rollout card answer ignored: no active rollout');
      return;
    }
    if (!OPEN.includes(r.state)) {
      await answer(r, enterprise, click, {
        label: OUTCOME_LABELS.ended,
        reply: endedReply(r.state),
        othersToo: false,
      });
      return;
    }
    const now = clock.now();
    const by = click.fromUser;
    if (action === 'later') {
      const next = schedule.after(now, config.remindLaterMinutes, enterprise);
      const patch: RolloutPatch = { state: 'active', unanswered: 0, nextReminderAt: next };
      if (await writer.write(r, patch, { at: now, what: 'remind_later', by }, { ifState: OPEN })) {
        const reply = laterReply(formatLocal(next, enterprise.timeZone));
        await answer(r, enterprise, click, { label: OUTCOME_LABELS.later(config.remindLaterMinutes), reply });
      }
      return;
    }
    if (action === 'pause') {
      const patch: RolloutPatch = { state: 'paused', unanswered: 0, nextReminderAt: undefined };
      if (await writer.write(r, patch, { at: now, what: 'paused', by }, { ifState: OPEN })) {
        await answer(r, enterprise, click, { label: OUTCOME_LABELS.paused, reply: PAUSED_REPLY });
      }
      return;
    }
    await confirmWidened(r, enterprise, click);
  }

  /** "Widened" is believed only once agent/get shows it. */
  async function confirmWidened(r: Rollout, enterprise: ActiveEnterprise, click: CardClick): Promise<void> {
    const by = click.fromUser;
    const seen = await deps.observe(r, enterprise, by, { ifState: OPEN });
    if (seen.kind === 'unread') {
      enterprise.log.warn({ err: seen.err, by }, 'agent/get failed; widening not confirmed');
      await answer(r, enterprise, click, { reply: UNCHECKED_REPLY });
      return;
    }
    if (seen.kind === 'closed') return;
    if (seen.kind === 'moved') {
      const { moved, to } = seen;
      if (!moved) return;
      // The last stage's congratulation goes to every admin; otherwise the clicker learns what is next.
      const reply =
        moved.state === 'completed'
          ? undefined
          : confirmedReply({
              visible: describeVisibility(seen.seen.actual!),
              reached: r.plan[to]!.name,
              next: r.plan[to + 1]!.name,
              when: formatLocal(moved.nextReminderAt!, enterprise.timeZone),
            });
      await answer(moved, enterprise, click, { label: OUTCOME_LABELS.widened, reply });
      return;
    }
    // An answer all the same: it is not "unanswered", but the card stays live for a real widening.
    const visible = describeVisibility(seen.seen.actual!);
    const entry = { at: clock.now(), what: 'widened_not_seen', by, detail: visible };
    await writer.write(r, { ...seen.seen, unanswered: 0 }, entry, { ifState: OPEN });
    const next = r.plan[r.stageIndex + 1]!;
    enterprise.log.info({ by }, 'widening not seen in agent/get');
    const reply = notWidenedReply({
      visible,
      reached: r.plan[r.stageIndex]?.name,
      next: next.name,
      needs: describeReach(next.reach),
    });
    await answer(r, enterprise, click, { reply });
  }

  async function answer(
    r: Rollout,
    enterprise: ActiveEnterprise,
    click: CardClick,
    o: Answer,
  ): Promise<void> {
    const key = clickKey(r, click, clock.now());
    const greyOut = o.label !== undefined;
    await answerCard(outbox, {
      suiteId: r.suiteId,
      corpId: r.corpId,
      topic: 'rollout_card_update',
      label: o.label,
      clicker: click.responseCode
        ? { userId: click.fromUser, responseCode: click.responseCode, dedupeKey: `${key}:buttons` }
        : undefined,
      cards:
        greyOut && o.othersToo !== false ? await liveCards(r, enterprise.auth.admins, click.fromUser) : [],
      updateKeyOf: (card) => `${card.dedupeKey}:answered`,
      reply:
        o.reply === undefined
          ? undefined
          : { toUser: click.fromUser, text: o.reply, dedupeKey: `${key}:reply`, topic: 'rollout_reply' },
    });
  }

  /** The other admins' cards: the latest reminder's, or the enabled notice before any. */
  async function liveCards(r: Rollout, admins: readonly string[], clicker: string): Promise<OutboxMessage[]> {
    const others = admins.filter((a) => a !== clicker);
    let cards: (OutboxMessage | undefined)[];
    if (r.remindersSent > 0) {
      const base = reminderBase(r, r.remindersSent);
      cards = await Promise.all(others.map((a) => deps.sent.findByDedupeKey(`${base}:${a}`)));
    } else {
      const notices = await deps.sent.list({
        suiteId: r.suiteId,
        corpId: r.corpId,
        topic: ENABLED_CARD_TOPIC,
      });
      cards = others.map((a) => notices.find((m) => m.toUser === a)); // newest first
    }
    return cards.filter((c): c is OutboxMessage => c !== undefined);
  }

  return onCardAction;
}

/** One click: its response code is unique to it (a retried callback carries the same one). */
function clickKey(r: Rollout, click: CardClick, now: Date): string {
  const id = click.responseCode || `${click.fromUser}:${now.getTime()}`;
  return `rollout:${r.suiteId}:${r.corpId}:click:${id}`;
}
