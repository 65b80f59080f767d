import type { Clock } from '../../shared/clock';
import { answerCard, type CardClick } from '../card-answer';
import type { RolloutKey } from '../card-keys';
import { isActive, type ActiveEnterprise, type EnterpriseContext } from '../enterprise/context';
import { ENABLED_CARD_TOPIC } from '../lifecycle/enabled-card';
import type { OutboxMessage, Rollout, RolloutAnswer, RolloutCard } from '../model';
import type { Outbox } from '../ports';
import type { OutboxStore, RolloutPatch, RolloutStore } from '../ports/stores';
import type { ObserveVisibility } from './observe-visibility';
import { reachNeeds, reachName, visibilityWords } from './reach-words';
import { reminderBase } from './reminder-card';
import type { RolloutOptions } from './rollout-options';
import { outcomeLabel, rolloutWords } from './rollout-texts';
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

/** How the question ended (none: the cards stay live), and the line back to the one who tapped. */
interface Answer {
  outcome?: RolloutAnswer['action'] | 'ended';
  reply?: string;
  /** False: only the tapped card changes (the rollout has ended; the other cards say so when tapped). */
  othersToo?: boolean;
  /** Cards left alone besides the tapper's (his takes the click): for a late tap, the decider's, greyed by his own. */
  skip?: readonly string[];
}

/**
 * An admin's answer on a reminder card (or on the enabled card: Pilot set → widened, Remind me
 * later → later). The first answer to a question decides it; whoever taps after is told who
 * answered and what, in the words his card now shows.
 */
export function createAnswerRolloutCard(deps: AnswerRolloutCardDeps) {
  const { outbox, clock, config, schedule, writer } = deps;

  async function onCardAction(key: RolloutKey, click: CardClick, enterprise: EnterpriseContext) {
    const { suiteId, corpId } = enterprise;
    const { action, source } = key;
    const r = isActive(enterprise) ? await deps.rollouts.get(suiteId, corpId) : undefined;
    if (!isActive(enterprise) || !r) {
      enterprise.log.info({ action }, 'rollout card answer ignored: no active rollout');
      return;
    }
    if (decidedAnswer(r)) return toldOf(r, enterprise, click, source);
    const words = rolloutWords(enterprise.locale);
    if (!OPEN.includes(r.state)) {
      await answer(r, enterprise, click, source, {
        outcome: 'ended',
        reply: words.ended(r.state),
        othersToo: false,
      });
      return;
    }
    const now = clock.now();
    const by = click.fromUser;
    const lastAnswer: RolloutAnswer = { question: r.remindersSent, action, card: source, by, at: now };
    const when = { ifState: OPEN, ifQuestionOpen: r.remindersSent };
    if (action === 'later') {
      const next = schedule.after(now, config.remindLaterMinutes, enterprise);
      const patch: RolloutPatch = { state: 'active', unanswered: 0, nextReminderAt: next, lastAnswer };
      if (await writer.write(r, patch, { at: now, what: 'remind_later', by }, when)) {
        const reply = words.later(formatLocal(next, enterprise.timeZone));
        await answer(r, enterprise, click, source, { outcome: 'later', reply });
      } else await lost(r, enterprise, click, source);
      return;
    }
    if (action === 'pause') {
      const patch: RolloutPatch = { state: 'paused', unanswered: 0, nextReminderAt: undefined, lastAnswer };
      if (await writer.write(r, patch, { at: now, what: 'paused', by }, when)) {
        await answer(r, enterprise, click, source, { outcome: 'pause', reply: words.paused });
      } else await lost(r, enterprise, click, source);
      return;
    }
    await confirmWidened(r, enterprise, click, lastAnswer);
  }

  /** "Widened" is believed only once agent/get shows it. */
  async function confirmWidened(
    r: Rollout,
    enterprise: ActiveEnterprise,
    click: CardClick,
    lastAnswer: RolloutAnswer,
  ): Promise<void> {
    const by = click.fromUser;
    const source = lastAnswer.card;
    const { locale } = enterprise;
    const words = rolloutWords(locale);
    const when = { ifState: OPEN, ifQuestionOpen: lastAnswer.question };
    const seen = await deps.observe(r, enterprise, by, when);
    if (seen.kind === 'unread') {
      enterprise.log.warn({ err: seen.err, by }, 'agent/get failed; widening not confirmed');
      await answer(r, enterprise, click, source, { reply: words.unchecked });
      return;
    }
    if (seen.kind === 'closed') return;
    if (seen.kind === 'moved') {
      const { moved, to } = seen;
      if (!moved) return lost(r, enterprise, click, source);
      await writer.write(r, { lastAnswer }, undefined, {});
      // The last stage's congratulation goes to every admin; otherwise the clicker learns what is next.
      const reply =
        moved.state === 'completed'
          ? undefined
          : words.confirmed({
              visible: visibilityWords(seen.seen.actual!, locale),
              reached: reachName(r.plan[to]!, locale),
              next: reachName(r.plan[to + 1]!, locale),
              when: formatLocal(moved.nextReminderAt!, enterprise.timeZone),
            });
      await answer(moved, enterprise, click, source, { outcome: 'widened', reply });
      return;
    }
    // An answer all the same: it is not "unanswered", but the card stays live for a real widening.
    const visible = visibilityWords(seen.seen.actual!, locale);
    const entry = { at: clock.now(), what: 'widened_not_seen', by, detail: visible };
    if (!(await writer.write(r, { ...seen.seen, unanswered: 0 }, entry, when))) {
      return lost(r, enterprise, click, source);
    }
    const next = r.plan[r.stageIndex + 1]!;
    enterprise.log.info({ by }, 'widening not seen in agent/get');
    const reached = r.plan[r.stageIndex];
    const reply = words.notWidened({
      visible,
      reached: reached && reachName(reached, locale),
      next: reachName(next, locale),
      needs: reachNeeds(next.reach, locale),
      card: source,
    });
    await answer(r, enterprise, click, source, { reply });
  }

  /** A write that did not apply: another admin's answer came first (or the rollout ended meanwhile). */
  async function lost(r: Rollout, enterprise: ActiveEnterprise, click: CardClick, source: RolloutCard) {
    const now = await deps.rollouts.get(r.suiteId, r.corpId);
    if (now && decidedAnswer(now)) await toldOf(now, enterprise, click, source);
  }

  /** The question was answered: the tapper's card shows that answer, and he hears who gave it. */
  async function toldOf(r: Rollout, enterprise: ActiveEnterprise, click: CardClick, source: RolloutCard) {
    const decided = r.lastAnswer!;
    const label = outcomeLabel(decided.action, source, config.remindLaterMinutes, enterprise.locale);
    const reply = rolloutWords(enterprise.locale).alreadyAnswered({
      by: decided.by,
      when: formatLocal(decided.at, enterprise.timeZone),
      label,
    });
    // The other cards were greyed out with the decision; writing them again is a no-op, or finishes it.
    await answer(r, enterprise, click, source, { outcome: decided.action, reply, skip: [decided.by] });
  }

  async function answer(
    r: Rollout,
    enterprise: ActiveEnterprise,
    click: CardClick,
    source: RolloutCard,
    o: Answer,
  ): Promise<void> {
    const key = clickKey(r, click, clock.now());
    // The other admins hold the current question's cards: reminders once any went out.
    const theirs: RolloutCard = r.remindersSent > 0 ? 'reminder' : 'enabled';
    const labelOn = (card: RolloutCard) =>
      o.outcome === undefined
        ? undefined
        : o.outcome === 'ended'
          ? rolloutWords(enterprise.locale).labels.ended
          : outcomeLabel(o.outcome, card, config.remindLaterMinutes, enterprise.locale);
    const label = labelOn(theirs);
    const skip = [click.fromUser, ...(o.skip ?? [])];
    await answerCard(outbox, {
      suiteId: r.suiteId,
      corpId: r.corpId,
      topic: 'rollout_card_update',
      label,
      clicker: click.responseCode
        ? {
            userId: click.fromUser,
            responseCode: click.responseCode,
            dedupeKey: `${key}:buttons`,
            label: labelOn(source),
          }
        : undefined,
      cards:
        label !== undefined && o.othersToo !== false ? await liveCards(r, enterprise.auth.admins, skip) : [],
      updateKeyOf: (card) => `${card.dedupeKey}:answered`,
      reply:
        o.reply === undefined
          ? undefined
          : { toUser: click.fromUser, text: o.reply, dedupeKey: `${key}:reply`, topic: 'rollout_reply' },
    });
  }

  /** The other admins' cards: the latest reminder's, or the enabled notice before any. */
  async function liveCards(
    r: Rollout,
    admins: readonly string[],
    skip: readonly string[],
  ): Promise<OutboxMessage[]> {
    const others = admins.filter((a) => !skip.includes(a));
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

/** The answer recorded for the question now on the cards, if it was answered. */
function decidedAnswer(r: Rollout): RolloutAnswer | undefined {
  return r.lastAnswer?.question === r.remindersSent ? r.lastAnswer : undefined;
}

/** One click: its response code is unique to it (a retried callback carries the same one). */
function clickKey(r: Rollout, click: CardClick, now: Date): string {
  const id = click.responseCode || `${click.fromUser}:${now.getTime()}`;
  return `rollout:${r.suiteId}:${r.corpId}:click:${id}`;
}
