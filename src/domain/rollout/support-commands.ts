import type { Clock } from '../../shared/clock';
import { ConflictError } from '../../shared/errors';
import type { Logger } from '../../shared/logger';
import {
  isActive,
  type ActiveEnterprise,
  type EnterpriseContext,
  type EnterpriseContexts,
} from '../enterprise/context';
import type { HistoryEntry, Rollout, RolloutState } from '../model';
import type { RolloutPatch, RolloutStore } from '../ports/stores';
import { describeRollout, rolloutStatus } from './describe-rollout';
import { rolloutWords } from './rollout-texts';
import { reachedStageIndex } from './reach';
import type { RolloutOptions } from './rollout-options';
import { OPEN, mustGet, stopped, type RolloutWriter } from './rollout-writer';
import type { Schedule } from './schedule';
import { NEW_APP } from './new-app';
import { validatePlan } from './validate-plan';

export interface SupportCommandsDeps {
  rollouts: Pick<RolloutStore, 'get'>;
  contexts: EnterpriseContexts;
  clock: Clock;
  log: Logger;
  config: Pick<RolloutOptions, 'maxUnanswered'>;
  schedule: Schedule;
  writer: RolloutWriter;
}

/** What support (and the lifecycle) do to a rollout, and how it reads for them and for the admins. */
export function createSupportCommands(deps: SupportCommandsDeps) {
  const { rollouts, contexts, clock, log, config, schedule, writer } = deps;

  /** A person's command: a change that did not apply is a conflict to try again. */
  async function change(
    r: Rollout,
    patch: RolloutPatch,
    entry: HistoryEntry,
    ifState?: readonly RolloutState[],
  ): Promise<Rollout> {
    if (!(await writer.write(r, patch, entry, { ifState }))) {
      throw new ConflictError('the rollout changed meanwhile; try again');
    }
    log.info({ suiteId: r.suiteId, corpId: r.corpId, what: entry.what, by: entry.by }, 'rollout changed');
    return mustGet(rollouts, r.suiteId, r.corpId);
  }

  async function mustBeActive(suiteId: string, corpId: string): Promise<ActiveEnterprise> {
    const enterprise = await contexts.load(suiteId, corpId);
    if (!isActive(enterprise))
      throw new ConflictError(`the authorization of ${suiteId}/${corpId} is not active`);
    return enterprise;
  }

  async function pause(suiteId: string, corpId: string, by: string): Promise<Rollout> {
    const r = await mustGet(rollouts, suiteId, corpId);
    if (r.state === 'paused') return r;
    if (!OPEN.includes(r.state)) throw new ConflictError(`the rollout is ${r.state}`);
    const now = clock.now();
    return change(r, { state: 'paused', nextReminderAt: undefined }, { at: now, what: 'paused', by }, OPEN);
  }

  async function resume(suiteId: string, corpId: string, by: string): Promise<Rollout> {
    const r = await mustGet(rollouts, suiteId, corpId);
    if (r.state === 'active') return r;
    if (r.state !== 'paused' && r.state !== 'escalated') {
      throw new ConflictError(`the rollout is ${r.state}; restart it instead`);
    }
    const enterprise = await mustBeActive(suiteId, corpId);
    const now = clock.now();
    // Due at once (within working hours): the next tick re-reads the range, then reminds or advances.
    const patch: RolloutPatch = {
      state: 'active',
      unanswered: 0,
      nextReminderAt: schedule.after(now, 0, enterprise),
    };
    return change(r, patch, { at: now, what: 'resumed', by }, ['paused', 'escalated']);
  }

  async function restart(suiteId: string, corpId: string, by: string): Promise<Rollout> {
    const r = await mustGet(rollouts, suiteId, corpId);
    const enterprise = await mustBeActive(suiteId, corpId);
    const now = clock.now();
    const patch: RolloutPatch = {
      state: 'active',
      stageIndex: -1,
      unanswered: 0,
      nextReminderAt: schedule.after(now, 0, enterprise),
    };
    return change(r, patch, { at: now, what: 'restarted', by });
  }

  async function setPlan(suiteId: string, corpId: string, stages: unknown, by: string): Promise<Rollout> {
    const plan = validatePlan(stages);
    const r = await mustGet(rollouts, suiteId, corpId);
    const now = clock.now();
    // Stage numbers of the old plan mean nothing in the new one: recount from what WeCom showed.
    const enterprise = await contexts.load(suiteId, corpId);
    const active = isActive(enterprise) ? enterprise : undefined;
    const stageIndex = r.actual ? reachedStageIndex(r.actual, plan, active?.auth.admins) : -1;
    // A completed rollout given further stages goes on (the next tick reminds or advances).
    const reopen: RolloutPatch =
      active && r.state === 'completed' && stageIndex < plan.length - 1
        ? { state: 'active', unanswered: 0, nextReminderAt: schedule.after(now, 0, active) }
        : {};
    const detail = plan.map((s) => s.name).join(' → ');
    return change(r, { plan, stageIndex, ...reopen }, { at: now, what: 'plan_set', by, detail });
  }

  /** Stops future reminders: a cancelled authorization or a disabled app. */
  async function cancel(suiteId: string, corpId: string, reason: string): Promise<void> {
    const stop = stopped(clock.now(), reason, 'lifecycle');
    if (await writer.write({ suiteId, corpId }, stop.patch, stop.entry, { ifState: OPEN })) {
      log.info({ suiteId, corpId, reason }, 'rollout cancelled');
    }
  }

  async function describe(suiteId: string, corpId: string): Promise<string[]> {
    const r = await rollouts.get(suiteId, corpId);
    // Put back for a new app and not reopened yet: nothing of it is about the app the admin has now.
    if (!r || (r.state === 'cancelled' && r.history.at(-1)?.what === NEW_APP)) {
      return [
        '扩大可见范围 / Rollout: 尚未开始（应用启用后开始） / not started (it starts once the app is enabled)',
      ];
    }
    const { timeZone } = await contexts.load(suiteId, corpId);
    return describeRollout(r, { timeZone, maxUnanswered: config.maxUnanswered });
  }

  /** The rollout lines of an admin's 状态 reply, in the enterprise's language. */
  async function statusFor(e: EnterpriseContext): Promise<string[]> {
    const r = await rollouts.get(e.suiteId, e.corpId);
    if (!r || (r.state === 'cancelled' && r.history.at(-1)?.what === NEW_APP)) {
      return [rolloutWords(e.locale).status.notStarted];
    }
    return rolloutStatus(r, { timeZone: e.timeZone, maxUnanswered: config.maxUnanswered, locale: e.locale });
  }

  return { pause, resume, restart, setPlan, cancel, describe, statusFor };
}
