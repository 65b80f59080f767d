import type { Clock } from '../../shared/clock';
import { ConfigError, ConflictError, NotFoundError, ValidationError } from '../../shared/errors';
import type { Logger } from '../../shared/logger';
import type { EnterpriseContext, EnterpriseContexts } from '../enterprise/context';
import type { Rollout } from '../model';
import type { AppStore, RolloutPatch, RolloutStore } from '../ports/stores';
import { reachedStageIndex } from './reach';
import type { RolloutOptions } from './rollout-options';
import { mustGet, type RolloutWriter } from './rollout-writer';
import type { Schedule } from './schedule';
import { validatePlan } from './validate-plan';

export interface StartRolloutDeps {
  rollouts: Pick<RolloutStore, 'get' | 'create'>;
  apps: Pick<AppStore, 'get'>;
  contexts: EnterpriseContexts;
  clock: Clock;
  log: Logger;
  config: Pick<RolloutOptions, 'stages' | 'testStages' | 'firstReminderMinutes'>;
  schedule: Schedule;
  writer: RolloutWriter;
}

/** Starts the rollout when the app becomes enabled; idempotent. Reopens one cancelled before. */
export function createStartRollout(deps: StartRolloutDeps) {
  const { rollouts, clock, log, config, schedule } = deps;
  const defaultPlan = configuredPlan(config.stages, 'stages');
  const testPlan = configuredPlan(config.testStages, 'testStages');

  async function start(suiteId: string, corpId: string): Promise<Rollout> {
    const enterprise = await deps.contexts.load(suiteId, corpId);
    const auth = enterprise.auth;
    if (!auth) throw new NotFoundError(`authorization ${suiteId}/${corpId}`);
    const existing = await rollouts.get(suiteId, corpId);
    if (existing?.state === 'cancelled' && auth.state === 'active') return reopen(existing, enterprise);
    if (existing) return existing;
    if (auth.state !== 'active')
      throw new ConflictError(`the authorization of ${suiteId}/${corpId} is cancelled`);
    const now = clock.now();
    const app = await deps.apps.get(suiteId, corpId);
    const plan = structuredClone(auth.test ? testPlan : defaultPlan);
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
      nextReminderAt: schedule.after(now, wait, enterprise),
      unanswered: 0,
      remindersSent: 0,
      ...(actual ? { actual, actualObservedAt: app.visibilityObservedAt ?? now } : {}),
      history: [{ at: now, what: 'started', by: 'lifecycle' }],
      createdAt: now,
      updatedAt: now,
    };
    if ((await rollouts.create(rollout)) === 'exists') return mustGet(rollouts, suiteId, corpId);
    log.info({ suiteId, corpId, stageIndex }, 'rollout started');
    return rollout;
  }

  /** Enabled again after a cancellation (re-authorization makes a new app): start over, keep the plan. */
  async function reopen(r: Rollout, enterprise: EnterpriseContext): Promise<Rollout> {
    const now = clock.now();
    const patch: RolloutPatch = {
      state: 'active',
      stageIndex: -1,
      unanswered: 0,
      actual: undefined,
      actualObservedAt: undefined,
      lastAnswer: undefined,
      nextReminderAt: schedule.after(now, config.firstReminderMinutes, enterprise),
    };
    await deps.writer.write(
      r,
      patch,
      { at: now, what: 'reopened', by: 'lifecycle' },
      { ifState: ['cancelled'] },
    );
    log.info({ suiteId: r.suiteId, corpId: r.corpId }, 'rollout reopened');
    return mustGet(rollouts, r.suiteId, r.corpId);
  }

  return start;
}

/** The config's plan passes the same rules as a support override, or the service does not start. */
function configuredPlan(stages: unknown, key: 'stages' | 'testStages') {
  try {
    return validatePlan(stages);
  } catch (err) {
    // validatePlan names `stages[i]…`; the configuration's key may be testStages.
    if (err instanceof ValidationError)
      throw new ConfigError(`rollout.${err.field.replace(/^stages/, key)}`, err.message);
    throw err;
  }
}
