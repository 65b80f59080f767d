import type { Clock } from '../../shared/clock';
import { MINUTE } from '../../shared/clock';
import type { Logger } from '../../shared/logger';
import { isActive, type ActiveEnterprise, type EnterpriseContexts } from '../enterprise/context';
import { runLeasedTick } from '../leased-tick';
import type { Rollout } from '../model';
import { notifyAdmins } from '../notify-admins';
import type { Outbox, SupportAlerts } from '../ports';
import type { AppStore, OutboxStore, RolloutPatch, RolloutStore } from '../ports/stores';
import { reachedNobody } from '../delivery';
import { alertWords, reachFix } from '../support/alert-words';
import { rolloutLines } from '../support/rollout-lines';
import { appName } from './advance';
import type { ObserveVisibility } from './observe-visibility';
import { reminderBase, reminderCard, rolloutKeyBase } from './reminder-card';
import type { RolloutOptions } from './rollout-options';
import { stopped, type RolloutWriter } from './rollout-writer';
import type { Schedule } from './schedule';

/** The escalation's history detail when no admin could be reached; the diagnosis reads it. */
export const UNREACHABLE_REASON = 'admins unreachable';

/** Long enough for a batch of agent/get calls with the client's retries. */
export const ROLLOUT_LEASE_MS = 10 * MINUTE;
/** After a failed agent/get, try again this much later (within working hours). */
export const RETRY_MINUTES = 60;

export interface RolloutTickResult {
  reminded: number;
  advanced: number;
  completed: number;
  escalated: number;
}

type Outcome = keyof RolloutTickResult;

export interface RolloutTickDeps {
  rollouts: Pick<RolloutStore, 'claimDue' | 'release'>;
  apps: Pick<AppStore, 'get'>;
  /** Where the last reminder's delivery is read. */
  sent: Pick<OutboxStore, 'list'>;
  contexts: EnterpriseContexts;
  outbox: Outbox;
  alerts: SupportAlerts;
  clock: Clock;
  log: Logger;
  config: Pick<RolloutOptions, 'maxUnanswered' | 'remindLaterMinutes'>;
  schedule: Schedule;
  writer: RolloutWriter;
  observe: ObserveVisibility;
}

/**
 * The scheduled tick: claims due rollouts under a lease held by `owner`, reads each one's
 * visibility, and advances, completes, reminds or escalates it.
 */
export function createRolloutTick(deps: RolloutTickDeps) {
  const { rollouts, contexts, outbox, clock, log, config, schedule, writer } = deps;

  async function handle(r: Rollout, owner: string): Promise<Outcome | undefined> {
    const via = { owner };
    const enterprise = await contexts.load(
      r.suiteId,
      r.corpId,
      log.child({ suiteId: r.suiteId, corpId: r.corpId }),
    );
    if (!isActive(enterprise)) {
      const stop = stopped(clock.now(), 'authorization cancelled', 'scheduler');
      await writer.write(r, stop.patch, stop.entry, via);
      return undefined;
    }
    const seen = await deps.observe(r, enterprise, 'wecom:agent/get', via);
    switch (seen.kind) {
      case 'unread':
        // The client already alerts support about permanent errors; here we only come back later.
        enterprise.log.warn({ err: seen.err }, 'agent/get failed; reminder postponed');
        await writer.write(
          r,
          { nextReminderAt: schedule.after(clock.now(), RETRY_MINUTES, enterprise) },
          undefined,
          via,
        );
        return undefined;
      case 'closed':
        return undefined;
      case 'moved':
        if (!seen.moved) return undefined;
        return seen.moved.state === 'completed' ? 'completed' : 'advanced';
      case 'short':
        // A reminder nobody received was not left unanswered: reminding again cannot help.
        if (await lastReminderReachedNobody(r)) {
          return (await escalate(r, enterprise, seen.seen, owner, 'unreachable')) ? 'escalated' : undefined;
        }
        if (enterprise.auth.admins.length === 0 || r.unanswered >= config.maxUnanswered) {
          return (await escalate(r, enterprise, seen.seen, owner)) ? 'escalated' : undefined;
        }
        return (await remind(r, enterprise, seen.seen, owner)) ? 'reminded' : undefined;
    }
  }

  async function remind(r: Rollout, enterprise: ActiveEnterprise, seen: RolloutPatch, owner: string) {
    const now = clock.now();
    const admins = enterprise.auth.admins;
    const n = r.remindersSent + 1;
    const target = r.plan[r.stageIndex + 1]!;
    const patch: RolloutPatch = {
      ...seen,
      remindersSent: n,
      unanswered: r.unanswered + 1,
      nextReminderAt: schedule.after(now, config.remindLaterMinutes, enterprise),
    };
    // The state first, the messages after: a lost lease means another instance owns this reminder.
    const entry = { at: now, what: 'reminded', detail: `#${n} → ${target.name}` };
    if (!(await writer.write(r, patch, entry, { owner }))) return false;
    const name = await appName(deps.apps, r, enterprise.locale);
    const base = reminderBase(r, n);
    await notifyAdmins(outbox, {
      suiteId: r.suiteId,
      corpId: r.corpId,
      admins,
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
          locale: enterprise.locale,
        }),
    });
    enterprise.log.info({ reminder: n, admins: admins.length }, 'rollout reminder sent');
    return true;
  }

  /** WeCom delivered the latest reminder to none of the admins (outside the range, or unlicensed). */
  async function lastReminderReachedNobody(r: Rollout): Promise<boolean> {
    if (r.remindersSent === 0) return false;
    const cards = await deps.sent.list({ ref: reminderBase(r, r.remindersSent), topic: 'rollout_reminder' });
    return cards.length > 0 && cards.every(reachedNobody);
  }

  /** Stops nagging the admins and tells support instead. */
  async function escalate(
    r: Rollout,
    enterprise: ActiveEnterprise,
    seen: RolloutPatch,
    owner: string,
    cause?: 'unreachable',
  ) {
    const now = clock.now();
    const auth = enterprise.auth;
    const reason =
      cause === 'unreachable'
        ? UNREACHABLE_REASON
        : auth.admins.length === 0
          ? 'no admins known'
          : `${r.unanswered} reminders unanswered`;
    // The reminder that reached nobody is not counted as one the admins left unanswered.
    const unanswered = cause === 'unreachable' ? Math.max(0, r.unanswered - 1) : r.unanswered;
    const patch: RolloutPatch = { ...seen, unanswered, state: 'escalated', nextReminderAt: undefined };
    if (!(await writer.write(r, patch, { at: now, what: 'escalated', detail: reason }, { owner })))
      return false;
    const { locale } = deps.alerts;
    const w = alertWords(locale).escalated;
    const why =
      cause === 'unreachable'
        ? w.unreachable
        : auth.admins.length === 0
          ? w.noAdmins
          : w.unanswered(r.unanswered);
    // The provider walks its own test enterprise through by hand: escalated, but support is not paged.
    if (auth.test) {
      enterprise.log.info({ reason }, 'rollout escalated (test enterprise, no alert)');
      return true;
    }
    const resume = w.resume(`POST /admin/api/apps/${r.suiteId}/${r.corpId}/rollout/resume`);
    await deps.alerts.alert({
      dedupeKey: `${rolloutKeyBase(r)}:escalated:${r.remindersSent}`,
      title: w.title,
      lines: [
        why,
        // Without its first line, the rollout's state: the title already says it needs a person.
        ...rolloutLines(
          { ...r, ...patch },
          { timeZone: enterprise.timeZone, maxUnanswered: config.maxUnanswered },
          locale,
        ).slice(1),
      ],
      // Unreached admins need the range fixed first, or the resumed reminders reach nobody again.
      action: cause === 'unreachable' ? `${reachFix(locale)}; ${resume}` : resume,
      corpId: r.corpId,
      corpName: auth.corpName,
      suiteId: r.suiteId,
      severity: 'warning',
    });
    enterprise.log.warn({ reason }, 'rollout escalated');
    return true;
  }

  return (owner: string, limit = 20): Promise<RolloutTickResult> =>
    runLeasedTick<Rollout, Outcome>(
      {
        claim: () => rollouts.claimDue({ owner, now: clock.now(), leaseMs: ROLLOUT_LEASE_MS, limit }),
        handle: (r) => handle(r, owner),
        // Without the enterprise in hand (its read may be what failed): the configured hours.
        giveBack: (r) =>
          rollouts.release(
            r.suiteId,
            r.corpId,
            owner,
            { nextReminderAt: schedule.after(clock.now(), RETRY_MINUTES, r) },
            clock.now(),
          ),
        describe: (r) => ({ suiteId: r.suiteId, corpId: r.corpId, owner }),
      },
      { reminded: 0, advanced: 0, completed: 0, escalated: 0 },
      log,
    );
}
