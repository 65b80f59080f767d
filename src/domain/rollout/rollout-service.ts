import type { Clock } from '../../shared/clock';
import type { Logger } from '../../shared/logger';
import type { CardClick } from '../card-answer';
import type { RolloutKey } from '../card-keys';
import type { EnterpriseContext, EnterpriseContexts } from '../enterprise/context';
import type { Rollout } from '../model';
import type { Outbox, SupportAlerts } from '../ports';
import type { Stores } from '../ports/stores';
import { createAdvance } from './advance';
import { createAnswerRolloutCard } from './answer-rollout-card';
import { isStuck } from './is-stuck';
import { createRolloutForNewApp } from './new-app';
import { createObserveVisibility } from './observe-visibility';
import type { RolloutOptions } from './rollout-options';
import { createRolloutTick, type RolloutTickResult } from './rollout-tick';
import { createRolloutWriter } from './rollout-writer';
import { createSchedule } from './schedule';
import { createStartRollout } from './start-rollout';
import { createSupportCommands } from './support-commands';

export { RETRY_MINUTES, ROLLOUT_LEASE_MS, type RolloutTickResult } from './rollout-tick';

export interface RolloutDeps {
  stores: Pick<Stores, 'rollouts' | 'apps' | 'outbox'>;
  contexts: EnterpriseContexts;
  outbox: Outbox;
  alerts: SupportAlerts;
  clock: Clock;
  logger: Logger;
  config: RolloutOptions;
}

export interface RolloutService {
  /** Starts the rollout when the app becomes enabled; idempotent. Reopens one cancelled before. */
  start(suiteId: string, corpId: string): Promise<Rollout>;
  /** Claims due rollouts under a lease held by `owner` and reminds, advances, completes or escalates each. */
  tick(owner: string, limit?: number): Promise<RolloutTickResult>;
  /** An admin's answer on a reminder card (or on the enabled card: Pilot set → widened, Remind me later → later). */
  onCardAction(key: RolloutKey, click: CardClick, enterprise: EnterpriseContext): Promise<void>;
  pause(suiteId: string, corpId: string, by: string): Promise<Rollout>;
  resume(suiteId: string, corpId: string, by: string): Promise<Rollout>;
  /** Starts over from before the pilot, keeping the plan; the next tick re-reads the visibility. */
  restart(suiteId: string, corpId: string, by: string): Promise<Rollout>;
  /** The enterprise's own plan (validated); stays with the rollout across restarts. */
  setPlan(suiteId: string, corpId: string, stages: unknown, by: string): Promise<Rollout>;
  /** WeCom made a new app (re-authorization): back to the start, stopped until it is enabled; the old rollout. */
  forNewApp(suiteId: string, corpId: string): Promise<Rollout | undefined>;
  /** Stops future reminders: a cancelled authorization or a disabled app. */
  cancel(suiteId: string, corpId: string, reason: string): Promise<void>;
  get(suiteId: string, corpId: string): Promise<Rollout | undefined>;
  describe(suiteId: string, corpId: string): Promise<string[]>;
  /** The rollout lines of an admin's 状态 reply, in the enterprise's language. */
  statusFor(enterprise: EnterpriseContext): Promise<string[]>;
  isStuck(rollout: Rollout, now?: Date): boolean;
}

/**
 * Staged visibility rollout: reminds the admins, on a schedule and within working hours, to widen
 * the app's visibility range step by step. WeCom's agent/get is the truth: the bot never widens,
 * it advances when WeCom shows the range widened, and records (does not fight) a narrowed one.
 * Each use case is its own module; this only wires them.
 */
export function createRolloutService(deps: RolloutDeps): RolloutService {
  const { stores, contexts, outbox, alerts, clock, config } = deps;
  const log = deps.logger.child({ name: 'rollout' });
  const schedule = createSchedule(config.workingHours);
  const writer = createRolloutWriter({ rollouts: stores.rollouts, clock, log });
  const advance = createAdvance({ apps: stores.apps, outbox, writer, schedule, clock });
  const observe = createObserveVisibility({ apps: stores.apps, writer, advance, clock });
  // What every use case is given; each declares the part it uses.
  const common = { rollouts: stores.rollouts, clock, log, config, schedule, writer };
  const start = createStartRollout({ ...common, apps: stores.apps, contexts });
  const tick = createRolloutTick({
    ...common,
    apps: stores.apps,
    sent: stores.outbox,
    contexts,
    outbox,
    alerts,
    observe,
  });
  const onCardAction = createAnswerRolloutCard({ ...common, sent: stores.outbox, outbox, observe });
  const support = createSupportCommands({ ...common, contexts });
  const forNewApp = createRolloutForNewApp(common);
  return {
    start,
    tick,
    onCardAction,
    ...support,
    forNewApp,
    get: (suiteId, corpId) => stores.rollouts.get(suiteId, corpId),
    isStuck: (rollout, now = clock.now()) => isStuck(rollout, now),
  };
}
