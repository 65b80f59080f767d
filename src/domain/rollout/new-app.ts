import type { Clock } from '../../shared/clock';
import type { Logger } from '../../shared/logger';
import type { Rollout } from '../model';
import type { RolloutPatch, RolloutStore } from '../ports/stores';
import type { RolloutWriter } from './rollout-writer';

/** The history entry of a rollout put back to its start for a new app. */
export const NEW_APP = 'new_app';

/**
 * WeCom made a new app for the enterprise (re-authorization): the rollout goes back to before the
 * pilot and waits, stopped, until the new app is enabled (start reopens it). A new round keeps the
 * new app's reminder keys apart from the old app's. Answers the rollout as the old app left it.
 */
export function createRolloutForNewApp(deps: {
  rollouts: Pick<RolloutStore, 'get'>;
  writer: RolloutWriter;
  clock: Clock;
  log: Logger;
}) {
  return async (suiteId: string, corpId: string): Promise<Rollout | undefined> => {
    const r = await deps.rollouts.get(suiteId, corpId);
    if (!r) return undefined;
    const patch: RolloutPatch = {
      state: 'cancelled',
      stageIndex: -1,
      unanswered: 0,
      remindersSent: 0,
      nextReminderAt: undefined,
      actual: undefined,
      actualObservedAt: undefined,
      lastAnswer: undefined,
      round: (r.round ?? 0) + 1,
    };
    await deps.writer.write(r, patch, { at: deps.clock.now(), what: NEW_APP, by: 'lifecycle' }, {});
    deps.log.info({ suiteId, corpId, round: patch.round }, 'rollout back to its start for a new app');
    return r;
  };
}
