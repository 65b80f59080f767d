import type { Clock } from '../../shared/clock';
import { MINUTE } from '../../shared/clock';
import { ConfigError, ConflictError, NotFoundError, ValidationError } from '../../shared/errors';
import type { Logger } from '../../shared/logger';
import type { RolloutPatch, Stores } from '../ports/stores';
import { replaceButtons, textMessage } from '../wecom-messages';
import type { AgentInfo, CorpApi } from '../ports/wecom';
import type { CardClick } from '../card-answer';
import { isActive, type EnterpriseContext, type EnterpriseContexts } from '../enterprise/context';
import type { Authorization, HistoryEntry, OutboxMessage, Rollout, RolloutState } from '../model';
import { ENABLED_CARD_TOPIC } from '../lifecycle/enabled-card';
import { notifyAdmins } from '../notify-admins';
import type { Outbox, SupportAlerts } from '../ports';
import type { RolloutAction } from '../card-keys';
import type { RolloutOptions } from './rollout-options';
import { describeRollout } from './describe-rollout';
import { isStuck } from './is-stuck';
import { describeReach, describeVisibility, reachedStageIndex, removedFrom } from './reach';
import { reminderCard } from './reminder-card';
import {
  OUTCOME_LABELS,
  PAUSED_REPLY,
  UNCHECKED_REPLY,
  completedText,
  confirmedReply,
  endedReply,
  laterReply,
  notWidenedReply,
} from './rollout-texts';
import { validatePlan } from './validate-plan';
import { nextWorkingTime, type WorkingHours } from './working-hours';
import { formatLocal, isTimeZone } from './zoned-time';

export interface RolloutDeps {
  stores: Stores;
  contexts: EnterpriseContexts;
  outbox: Outbox;
  alerts: SupportAlerts;
  clock: Clock;
  logger: Logger;
  config: RolloutOptions;
}

export interface CardActionContext {
  suiteId: string;
  corpId: string;
  fromUser: string;
  /** The click's response_code: updates the clicked card once. */
  responseCode: string;
}

export interface RolloutTickResult {
  reminded: number;
  advanced: number;
  completed: number;
  escalated: number;
}

export interface RolloutService {
  /** Starts the rollout when the app becomes enabled; idempotent. Reopens one cancelled before. */
  start(suiteId: string, corpId: string): Promise<Rollout>;
  /** Claims due rollouts under a lease held by `owner` and reminds, advances, completes or escalates each. */
  tick(owner: string, limit?: number): Promise<RolloutTickResult>;
  /** An admin's answer on a reminder card (or on the enabled card: Pilot set → widened, Remind me later → later). */
  onCardAction(action: RolloutAction, click: CardClick, enterprise: EnterpriseContext): Promise<void>;
  pause(suiteId: string, corpId: string, by: string): Promise<Rollout>;
  resume(suiteId: string, corpId: string, by: string): Promise<Rollout>;
  /** Starts over from before the pilot, keeping the plan; the next tick re-reads the visibility. */
  restart(suiteId: string, corpId: string, by: string): Promise<Rollout>;
  /** The enterprise's own plan (validated); stays with the rollout across restarts. */
  setPlan(suiteId: string, corpId: string, stages: unknown, by: string): Promise<Rollout>;
  /** Stops future reminders: a cancelled authorization or a disabled app. */
  cancel(suiteId: string, corpId: string, reason: string): Promise<void>;
  get(suiteId: string, corpId: string): Promise<Rollout | undefined>;
  describe(suiteId: string, corpId: string): Promise<string[]>;
  isStuck(rollout: Rollout, now?: Date): boolean;
}

/** Long enough for a batch of agent/get calls with the client's retries. */
export const ROLLOUT_LEASE_MS = 10 * MINUTE;
/** After a failed agent/get, try again this much later (within working hours). */
export const RETRY_MINUTES = 60;
/** States in which the admins' answers still count. */
const OPEN: readonly RolloutState[] = ['active', 'paused', 'escalated'];

type Outcome = keyof RolloutTickResult;
/** How a change is written: under the tick's lease, or conditionally on the state. */
type Via = { owner: string } | { ifState: readonly RolloutState[] };

/**
 * Staged visibility rollout: reminds the admins, on a schedule and within working hours, to widen
 * the app's visibility range step by step. WeCom's agent/get is the truth: the bot never widens,
 * it advances when WeCom shows the range widened, and records (does not fight) a narrowed one.
 */
export function createRolloutService(deps: RolloutDeps): RolloutService {
  const { stores, contexts, outbox, clock, config } = deps;
  const log = deps.logger.child({ name: 'rollout' });
  const defaultPlan = configuredPlan(config.stages);

  function zoneOf(auth: Authorization | undefined): string {
    if (auth?.timeZone && isTimeZone(auth.timeZone)) return auth.timeZone;
    return config.workingHours?.timeZone ?? config.timeZone;
  }

  /** Working hours in the enterprise's own time zone. */
  function hoursOf(auth: Authorization | undefined): WorkingHours | null {
    return config.workingHours && { ...config.workingHours, timeZone: zoneOf(auth) };
  }

  function after(from: Date, minutes: number, auth: Authorization | undefined): Date {
    return nextWorkingTime(new Date(from.getTime() + minutes * MINUTE), hoursOf(auth));
  }

  async function activeAuth(suiteId: string, corpId: string): Promise<Authorization | undefined> {
    const auth = await stores.authorizations.get(suiteId, corpId);
    return auth?.state === 'active' ? auth : undefined;
  }

  async function mustGet(suiteId: string, corpId: string): Promise<Rollout> {
    const r = await stores.rollouts.get(suiteId, corpId);
    if (!r) throw new NotFoundError(`rollout ${suiteId}/${corpId}`);
    return r;
  }

  async function appName(r: Rollout): Promise<string> {
    return (await stores.apps.get(r.suiteId, r.corpId))?.name || '应用 / the app';
  }

  async function commit(r: Rollout, patch: RolloutPatch, entry: HistoryEntry | undefined, via: Via) {
    const now = clock.now();
    if ('owner' in via) {
      const kept = await stores.rollouts.release(r.suiteId, r.corpId, via.owner, patch, now, entry);
      if (!kept) log.warn({ suiteId: r.suiteId, corpId: r.corpId, owner: via.owner }, 'rollout lease lost');
      return kept;
    }
    const updated = await stores.rollouts.update(r.suiteId, r.corpId, patch, now, {
      ifState: via.ifState,
      entry,
    });
    return updated !== undefined;
  }

  /** What WeCom shows now. Keeps the app's record fresh and writes down a narrowed range. */
  async function observe(r: Rollout, agent: AgentInfo): Promise<{ seen: RolloutPatch; reached: number }> {
    const now = clock.now();
    const visibility = agent.visibility;
    await stores.apps.update(
      r.suiteId,
      r.corpId,
      { visibility, visibilityObservedAt: now, closed: agent.closed, publishStatus: agent.publishStatus },
      now,
    );
    const seen: RolloutPatch = { actual: visibility, actualObservedAt: now };
    const removed = r.actual && removedFrom(r.actual, visibility);
    if (removed) {
      const detail = `移除 / removed: ${describeVisibility(removed)}; 现在 / now: ${describeVisibility(visibility)}`;
      await stores.rollouts.update(r.suiteId, r.corpId, seen, now, {
        entry: { at: now, what: 'narrowed', by: 'wecom:agent/get', detail },
      });
      log.info({ suiteId: r.suiteId, corpId: r.corpId }, 'visibility narrowed');
    }
    const admins = (await stores.authorizations.get(r.suiteId, r.corpId))?.admins ?? [];
    return { seen, reached: reachedStageIndex(visibility, r.plan, admins) };
  }

  /** Moves to a stage WeCom shows reached; the last one completes the rollout with one congratulation. */
  async function advance(
    r: Rollout,
    to: number,
    by: string,
    seen: RolloutPatch,
    auth: Authorization,
    via: Via,
  ): Promise<Rollout | undefined> {
    const now = clock.now();
    const last = to >= r.plan.length - 1;
    const patch: RolloutPatch = {
      ...seen,
      stageIndex: to,
      unanswered: 0,
      state: last ? 'completed' : 'active',
      nextReminderAt: last ? undefined : after(now, r.plan[to]!.waitMinutes, auth),
    };
    const detail = `${r.plan[to]!.name}: ${describeVisibility(seen.actual!)}`;
    if (!(await commit(r, patch, { at: now, what: last ? 'completed' : 'advanced', by, detail }, via))) {
      return undefined;
    }
    log.info(
      { suiteId: r.suiteId, corpId: r.corpId, stage: to, by },
      last ? 'rollout completed' : 'rollout advanced',
    );
    const moved = { ...r, ...patch };
    if (last) {
      const name = await appName(r);
      await notifyAdmins(outbox, {
        suiteId: r.suiteId,
        corpId: r.corpId,
        admins: auth.admins,
        topic: 'rollout_completed',
        dedupeBase: `rollout:${r.suiteId}:${r.corpId}:completed:${r.remindersSent}`,
        build: (admin) => textMessage(admin, completedText(name, r.plan[to]!.name)),
      });
    }
    return moved;
  }

  async function start(suiteId: string, corpId: string): Promise<Rollout> {
    const auth = await stores.authorizations.get(suiteId, corpId);
    if (!auth) throw new NotFoundError(`authorization ${suiteId}/${corpId}`);
    const existing = await stores.rollouts.get(suiteId, corpId);
    if (existing?.state === 'cancelled' && auth.state === 'active') return reopen(existing, auth);
    if (existing) return existing;
    if (auth.state !== 'active')
      throw new ConflictError(`the authorization of ${suiteId}/${corpId} is cancelled`);
    const now = clock.now();
    const app = await stores.apps.get(suiteId, corpId);
    const plan = structuredClone(defaultPlan);
    // The range the lifecycle saw at enablement: an admin who set a pilot already waits only for its stage.
    const actual = app?.visibility;
    const stageIndex = actual ? reachedStageIndex(actual, plan, auth.admins) : -1;
    const wait = stageIndex < 0 ? config.firstReminderMinutes : plan[stageIndex]!.waitMinutes;
    const rollout: Rollout = {
      suiteId,
      corpId,
      plan,
      stageIndex,
      state: 'active',
      nextReminderAt: after(now, wait, auth),
      unanswered: 0,
      remindersSent: 0,
      ...(actual ? { actual, actualObservedAt: app.visibilityObservedAt ?? now } : {}),
      history: [{ at: now, what: 'started', by: 'lifecycle' }],
      createdAt: now,
      updatedAt: now,
    };
    if ((await stores.rollouts.create(rollout)) === 'exists') return mustGet(suiteId, corpId);
    log.info({ suiteId, corpId, stageIndex }, 'rollout started');
    return rollout;
  }

  /** Enabled again after a cancellation (re-authorization makes a new app): start over, keep the plan. */
  async function reopen(r: Rollout, auth: Authorization): Promise<Rollout> {
    const now = clock.now();
    const patch: RolloutPatch = {
      state: 'active',
      stageIndex: -1,
      unanswered: 0,
      actual: undefined,
      actualObservedAt: undefined,
      nextReminderAt: after(now, config.firstReminderMinutes, auth),
    };
    await stores.rollouts.update(r.suiteId, r.corpId, patch, now, {
      ifState: ['cancelled'],
      entry: { at: now, what: 'reopened', by: 'lifecycle' },
    });
    log.info({ suiteId: r.suiteId, corpId: r.corpId }, 'rollout reopened');
    return mustGet(r.suiteId, r.corpId);
  }

  async function tick(owner: string, limit = 20): Promise<RolloutTickResult> {
    const result: RolloutTickResult = { reminded: 0, advanced: 0, completed: 0, escalated: 0 };
    const due = await stores.rollouts.claimDue({ owner, now: clock.now(), leaseMs: ROLLOUT_LEASE_MS, limit });
    for (const r of due) {
      try {
        const outcome = await handleDue(r, owner);
        if (outcome) result[outcome]++;
      } catch (err) {
        log.error({ err, suiteId: r.suiteId, corpId: r.corpId }, 'rollout reminder failed');
        // A no-op when the failure came after the release: the lease is gone by then.
        await stores.rollouts
          .release(
            r.suiteId,
            r.corpId,
            owner,
            { nextReminderAt: after(clock.now(), RETRY_MINUTES, undefined) },
            clock.now(),
          )
          .catch((e: unknown) =>
            log.error({ err: e, suiteId: r.suiteId, corpId: r.corpId }, 'rollout release failed'),
          );
      }
    }
    return result;
  }

  async function handleDue(r: Rollout, owner: string): Promise<Outcome | undefined> {
    const via = { owner };
    const now = clock.now();
    const auth = await activeAuth(r.suiteId, r.corpId);
    if (!auth) {
      await commit(r, stopPatch(), stopEntry(now, 'authorization cancelled', 'scheduler'), via);
      return undefined;
    }
    let agent: AgentInfo;
    try {
      agent = await (await contexts.load(r.suiteId, r.corpId)).wecom.getAgent();
    } catch (err) {
      // The client already alerts support about permanent errors; here we only come back later.
      log.warn({ err, suiteId: r.suiteId, corpId: r.corpId }, 'agent/get failed; reminder postponed');
      await commit(r, { nextReminderAt: after(now, RETRY_MINUTES, auth) }, undefined, via);
      return undefined;
    }
    const { seen, reached } = await observe(r, agent);
    if (agent.closed) {
      await commit(
        r,
        { ...seen, ...stopPatch() },
        stopEntry(now, 'app disabled (close=1)', 'wecom:agent/get'),
        via,
      );
      return undefined;
    }
    // Past the last stage there is nothing to suggest: a plan changed under it completes it.
    const to = Math.max(reached, r.stageIndex);
    if (to > r.stageIndex || to >= r.plan.length - 1) {
      const moved = await advance(r, to, 'wecom:agent/get', seen, auth, via);
      if (!moved) return undefined;
      return moved.state === 'completed' ? 'completed' : 'advanced';
    }
    if (auth.admins.length === 0 || r.unanswered >= config.maxUnanswered) {
      return (await escalate(r, auth, seen, via)) ? 'escalated' : undefined;
    }
    return (await remind(r, auth, seen, via)) ? 'reminded' : undefined;
  }

  async function remind(r: Rollout, auth: Authorization, seen: RolloutPatch, via: Via): Promise<boolean> {
    const now = clock.now();
    const n = r.remindersSent + 1;
    const target = r.plan[r.stageIndex + 1]!;
    const patch: RolloutPatch = {
      ...seen,
      remindersSent: n,
      unanswered: r.unanswered + 1,
      nextReminderAt: after(now, config.remindLaterMinutes, auth),
    };
    // The state first, the messages after: a lost lease means another instance owns this reminder.
    const entry = { at: now, what: 'reminded', detail: `#${n} → ${target.name}` };
    if (!(await commit(r, patch, entry, via))) return false;
    const name = await appName(r);
    const base = reminderBase(r, n);
    await notifyAdmins(outbox, {
      suiteId: r.suiteId,
      corpId: r.corpId,
      admins: auth.admins,
      topic: 'rollout_reminder',
      ref: base,
      dedupeBase: base,
      build: (admin) =>
        reminderCard({
          toUser: admin,
          dedupeKey: `${base}:${admin}`,
          suiteId: r.suiteId,
          corpId: r.corpId,
          appName: name,
          plan: r.plan,
          stageIndex: r.stageIndex,
          actual: seen.actual!,
          remindLaterMinutes: config.remindLaterMinutes,
        }),
    });
    log.info(
      { suiteId: r.suiteId, corpId: r.corpId, reminder: n, admins: auth.admins.length },
      'rollout reminder sent',
    );
    return true;
  }

  /** Stops nagging the admins and tells support instead. */
  async function escalate(r: Rollout, auth: Authorization, seen: RolloutPatch, via: Via): Promise<boolean> {
    const now = clock.now();
    const reason = auth.admins.length === 0 ? 'no admins known' : `${r.unanswered} reminders unanswered`;
    const patch: RolloutPatch = { ...seen, state: 'escalated', nextReminderAt: undefined };
    if (!(await commit(r, patch, { at: now, what: 'escalated', detail: reason }, via))) return false;
    const why =
      auth.admins.length === 0
        ? '不知道管理员是谁，无法提醒 / No admin is known, so nobody can be reminded.'
        : `连续 ${r.unanswered} 次提醒没有回复，已停止提醒管理员 / ${r.unanswered} reminders unanswered; the admins are no longer reminded.`;
    await deps.alerts.alert({
      dedupeKey: `rollout:${r.suiteId}:${r.corpId}:escalated:${r.remindersSent}`,
      title: `扩大可见范围需要人工跟进 / Rollout needs a person: ${auth.corpName}`,
      lines: [
        why,
        ...describeRollout(
          { ...r, ...patch },
          { timeZone: zoneOf(auth), maxUnanswered: config.maxUnanswered },
        ),
        `恢复 / Resume: POST /admin/api/apps/${r.suiteId}/${r.corpId}/rollout/resume`,
      ],
      corpId: r.corpId,
      severity: 'warning',
    });
    log.warn({ suiteId: r.suiteId, corpId: r.corpId, reason }, 'rollout escalated');
    return true;
  }

  async function onCardAction(
    action: RolloutAction,
    click: CardClick,
    enterprise: EnterpriseContext,
  ): Promise<void> {
    const { suiteId, corpId } = enterprise;
    const ctx: CardActionContext = { suiteId, corpId, ...click };
    const auth = isActive(enterprise) ? enterprise.auth : undefined;
    const r = auth && (await stores.rollouts.get(suiteId, corpId));
    if (!auth || !r) {
      log.info({ suiteId, corpId, action }, 'rollout card answer ignored: no active rollout');
      return;
    }
    if (!OPEN.includes(r.state)) {
      await answer(r, auth, ctx, {
        label: OUTCOME_LABELS.ended,
        reply: endedReply(r.state),
        othersToo: false,
      });
      return;
    }
    const now = clock.now();
    const by = ctx.fromUser;
    if (action === 'later') {
      const next = after(now, config.remindLaterMinutes, auth);
      const patch: RolloutPatch = { state: 'active', unanswered: 0, nextReminderAt: next };
      if (await commit(r, patch, { at: now, what: 'remind_later', by }, { ifState: OPEN })) {
        const reply = laterReply(formatLocal(next, zoneOf(auth)));
        await answer(r, auth, ctx, { label: OUTCOME_LABELS.later(config.remindLaterMinutes), reply });
      }
      return;
    }
    if (action === 'pause') {
      const patch: RolloutPatch = { state: 'paused', unanswered: 0, nextReminderAt: undefined };
      if (await commit(r, patch, { at: now, what: 'paused', by }, { ifState: OPEN })) {
        await answer(r, auth, ctx, { label: OUTCOME_LABELS.paused, reply: PAUSED_REPLY });
      }
      return;
    }
    await confirmWidened(r, auth, ctx, enterprise.wecom);
  }

  /** "Widened" is believed only once agent/get shows it. */
  async function confirmWidened(
    r: Rollout,
    auth: Authorization,
    ctx: CardActionContext,
    corp: CorpApi,
  ): Promise<void> {
    const where = { suiteId: r.suiteId, corpId: r.corpId, by: ctx.fromUser };
    let agent: AgentInfo;
    try {
      agent = await corp.getAgent();
    } catch (err) {
      log.warn({ err, ...where }, 'agent/get failed; widening not confirmed');
      await reply(r, ctx, UNCHECKED_REPLY);
      return;
    }
    const now = clock.now();
    const { seen, reached } = await observe(r, agent);
    if (agent.closed) {
      await commit(
        r,
        { ...seen, ...stopPatch() },
        stopEntry(now, 'app disabled (close=1)', 'wecom:agent/get'),
        {
          ifState: OPEN,
        },
      );
      return;
    }
    const tz = zoneOf(auth);
    const to = Math.max(reached, r.stageIndex);
    if (to > r.stageIndex || to >= r.plan.length - 1) {
      const moved = await advance(r, to, ctx.fromUser, seen, auth, { ifState: OPEN });
      if (!moved) return;
      // The last stage's congratulation goes to every admin; otherwise the clicker learns what is next.
      const text =
        moved.state === 'completed'
          ? undefined
          : confirmedReply({
              visible: describeVisibility(seen.actual!),
              reached: r.plan[to]!.name,
              next: r.plan[to + 1]!.name,
              when: formatLocal(moved.nextReminderAt!, tz),
            });
      await answer(moved, auth, ctx, { label: OUTCOME_LABELS.widened, reply: text });
      return;
    }
    // An answer all the same: it is not "unanswered", but the card stays live for a real widening.
    const entry = {
      at: now,
      what: 'widened_not_seen',
      by: ctx.fromUser,
      detail: describeVisibility(seen.actual!),
    };
    await commit(r, { ...seen, unanswered: 0 }, entry, { ifState: OPEN });
    const next = r.plan[r.stageIndex + 1]!;
    log.info(where, 'widening not seen in agent/get');
    await reply(
      r,
      ctx,
      notWidenedReply({
        visible: describeVisibility(seen.actual!),
        reached: r.plan[r.stageIndex]?.name,
        next: next.name,
        needs: describeReach(next.reach),
      }),
    );
  }

  /**
   * Greys out the answered card (with the click's response code) and every other admin's live
   * card (with the response code its send returned), so nobody answers twice; then replies.
   */
  async function answer(
    r: Rollout,
    auth: Authorization,
    ctx: CardActionContext,
    o: { label: string; reply?: string; othersToo?: boolean },
  ): Promise<void> {
    const common = { channel: 'app_card_update' as const, suiteId: r.suiteId, corpId: r.corpId };
    const topic = 'rollout_card_update';
    if (ctx.responseCode) {
      await outbox.enqueue({
        ...common,
        topic,
        dedupeKey: `${clickKey(r, ctx, clock.now())}:buttons`,
        toUser: ctx.fromUser,
        payload: replaceButtons({
          userIds: [ctx.fromUser],
          responseCode: ctx.responseCode,
          replaceName: o.label,
        }),
      });
    }
    if (o.othersToo !== false) {
      for (const card of await liveCards(r, auth, ctx.fromUser)) {
        await outbox.enqueue({
          ...common,
          topic,
          dedupeKey: `${card.dedupeKey}:answered`,
          toUser: card.toUser,
          payload: replaceButtons({
            userIds: [card.toUser!],
            responseCodeFrom: card.id,
            replaceName: o.label,
          }),
        });
      }
    }
    if (o.reply) await reply(r, ctx, o.reply);
  }

  async function reply(r: Rollout, ctx: CardActionContext, text: string): Promise<void> {
    await outbox.enqueue({
      dedupeKey: `${clickKey(r, ctx, clock.now())}:reply`,
      channel: 'app',
      suiteId: r.suiteId,
      corpId: r.corpId,
      toUser: ctx.fromUser,
      topic: 'rollout_reply',
      payload: textMessage(ctx.fromUser, text),
    });
  }

  /** The other admins' cards still showing buttons: the latest reminder's, or the enabled notice before any. */
  async function liveCards(r: Rollout, auth: Authorization, clicker: string): Promise<OutboxMessage[]> {
    const others = auth.admins.filter((a) => a !== clicker);
    let cards: (OutboxMessage | undefined)[];
    if (r.remindersSent > 0) {
      const base = reminderBase(r, r.remindersSent);
      cards = await Promise.all(others.map((a) => stores.outbox.findByDedupeKey(`${base}:${a}`)));
    } else {
      const notices = await stores.outbox.list({
        suiteId: r.suiteId,
        corpId: r.corpId,
        topic: ENABLED_CARD_TOPIC,
      });
      cards = others.map((a) => notices.find((m) => m.toUser === a)); // newest first
    }
    return cards.filter(
      (c): c is OutboxMessage =>
        c !== undefined && c.toUser !== undefined && c.status !== 'failed' && c.status !== 'cancelled',
    );
  }

  async function pause(suiteId: string, corpId: string, by: string): Promise<Rollout> {
    const r = await mustGet(suiteId, corpId);
    if (r.state === 'paused') return r;
    if (!OPEN.includes(r.state)) throw new ConflictError(`the rollout is ${r.state}`);
    const now = clock.now();
    await change(r, { state: 'paused', nextReminderAt: undefined }, { at: now, what: 'paused', by }, OPEN);
    return mustGet(suiteId, corpId);
  }

  async function resume(suiteId: string, corpId: string, by: string): Promise<Rollout> {
    const r = await mustGet(suiteId, corpId);
    if (r.state === 'active') return r;
    if (r.state !== 'paused' && r.state !== 'escalated') {
      throw new ConflictError(`the rollout is ${r.state}; restart it instead`);
    }
    const auth = await mustBeActive(suiteId, corpId);
    const now = clock.now();
    // Due at once (within working hours): the next tick re-reads the range, then reminds or advances.
    const patch: RolloutPatch = {
      state: 'active',
      unanswered: 0,
      nextReminderAt: nextWorkingTime(now, hoursOf(auth)),
    };
    await change(r, patch, { at: now, what: 'resumed', by }, ['paused', 'escalated']);
    return mustGet(suiteId, corpId);
  }

  async function restart(suiteId: string, corpId: string, by: string): Promise<Rollout> {
    const r = await mustGet(suiteId, corpId);
    const auth = await mustBeActive(suiteId, corpId);
    const now = clock.now();
    const patch: RolloutPatch = {
      state: 'active',
      stageIndex: -1,
      unanswered: 0,
      nextReminderAt: nextWorkingTime(now, hoursOf(auth)),
    };
    await change(r, patch, { at: now, what: 'restarted', by }, undefined);
    return mustGet(suiteId, corpId);
  }

  async function setPlan(suiteId: string, corpId: string, stages: unknown, by: string): Promise<Rollout> {
    const plan = validatePlan(stages);
    const r = await mustGet(suiteId, corpId);
    const now = clock.now();
    // Stage numbers of the old plan mean nothing in the new one: recount from what WeCom showed.
    const auth = await activeAuth(suiteId, corpId);
    const stageIndex = r.actual ? reachedStageIndex(r.actual, plan, auth?.admins) : -1;
    // A completed rollout given further stages goes on (the next tick reminds or advances).
    const reopen: RolloutPatch =
      auth && r.state === 'completed' && stageIndex < plan.length - 1
        ? { state: 'active', unanswered: 0, nextReminderAt: nextWorkingTime(now, hoursOf(auth)) }
        : {};
    const patch: RolloutPatch = { plan, stageIndex, ...reopen };
    const detail = plan.map((s) => s.name).join(' → ');
    await change(r, patch, { at: now, what: 'plan_set', by, detail }, undefined);
    return mustGet(suiteId, corpId);
  }

  async function cancel(suiteId: string, corpId: string, reason: string): Promise<void> {
    const now = clock.now();
    const r = await stores.rollouts.update(suiteId, corpId, stopPatch(), now, {
      ifState: OPEN,
      entry: stopEntry(now, reason, 'lifecycle'),
    });
    if (r) log.info({ suiteId, corpId, reason }, 'rollout cancelled');
  }

  async function change(
    r: Rollout,
    patch: RolloutPatch,
    entry: HistoryEntry,
    ifState: readonly RolloutState[] | undefined,
  ): Promise<void> {
    const updated = await stores.rollouts.update(r.suiteId, r.corpId, patch, clock.now(), { ifState, entry });
    if (!updated) throw new ConflictError('the rollout changed meanwhile; try again');
    log.info({ suiteId: r.suiteId, corpId: r.corpId, what: entry.what, by: entry.by }, 'rollout changed');
  }

  async function mustBeActive(suiteId: string, corpId: string): Promise<Authorization> {
    const auth = await activeAuth(suiteId, corpId);
    if (!auth) throw new ConflictError(`the authorization of ${suiteId}/${corpId} is not active`);
    return auth;
  }

  async function describe(suiteId: string, corpId: string): Promise<string[]> {
    const r = await stores.rollouts.get(suiteId, corpId);
    if (!r)
      return [
        '扩大可见范围 / Rollout: 尚未开始（应用启用后开始） / not started (it starts once the app is enabled)',
      ];
    const auth = await stores.authorizations.get(suiteId, corpId);
    return describeRollout(r, { timeZone: zoneOf(auth), maxUnanswered: config.maxUnanswered });
  }

  return {
    start,
    tick,
    onCardAction,
    pause,
    resume,
    restart,
    setPlan,
    cancel,
    get: (suiteId, corpId) => stores.rollouts.get(suiteId, corpId),
    describe,
    isStuck: (rollout, now = clock.now()) => isStuck(rollout, now),
  };
}

function reminderBase(r: Rollout, n: number): string {
  return `rollout:${r.suiteId}:${r.corpId}:reminder:${n}`;
}

/** One click: its response code is unique to it (a retried callback carries the same one). */
function clickKey(r: Rollout, ctx: CardActionContext, now: Date): string {
  const click = ctx.responseCode || `${ctx.fromUser}:${now.getTime()}`;
  return `rollout:${r.suiteId}:${r.corpId}:click:${click}`;
}

function stopPatch(): RolloutPatch {
  return { state: 'cancelled', nextReminderAt: undefined };
}

function stopEntry(at: Date, reason: string, by: string): HistoryEntry {
  return { at, what: 'cancelled', by, detail: reason };
}

/** The config's plan passes the same rules as a support override, or the service does not start. */
function configuredPlan(stages: unknown) {
  try {
    return validatePlan(stages);
  } catch (err) {
    if (err instanceof ValidationError) throw new ConfigError(`rollout.${err.field}`, err.message);
    throw err;
  }
}
