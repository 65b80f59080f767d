import type { Clock } from '../../shared/clock';
import { NotFoundError } from '../../shared/errors';
import type { Logger } from '../../shared/logger';
import type { HistoryEntry, Rollout, RolloutState } from '../model';
import type { RolloutCondition, RolloutPatch, RolloutStore } from '../ports/stores';

/** States in which the admins' answers still count. */
export const OPEN: readonly RolloutState[] = ['active', 'paused', 'escalated'];

/** When a change applies: under the tick's lease, or while the store's conditions hold (always when none). */
export type WriteCondition = { owner: string } | RolloutCondition;

type RolloutRef = Pick<Rollout, 'suiteId' | 'corpId'>;

export interface RolloutWriter {
  /** Applies the patch and its history entry when the condition holds; says whether it did. */
  write(
    r: RolloutRef,
    patch: RolloutPatch,
    entry: HistoryEntry | undefined,
    when: WriteCondition,
  ): Promise<boolean>;
}

/** The one way a rollout changes, so every use case has the same failure rule: a boolean. */
export function createRolloutWriter(deps: {
  rollouts: Pick<RolloutStore, 'update' | 'release'>;
  clock: Clock;
  log: Logger;
}): RolloutWriter {
  const { rollouts, clock, log } = deps;
  return {
    async write(r, patch, entry, when) {
      const now = clock.now();
      if ('owner' in when) {
        const kept = await rollouts.release(r.suiteId, r.corpId, when.owner, patch, now, entry);
        if (!kept)
          log.warn({ suiteId: r.suiteId, corpId: r.corpId, owner: when.owner }, 'rollout lease lost');
        return kept;
      }
      const updated = await rollouts.update(r.suiteId, r.corpId, patch, now, { ...when, entry });
      return updated !== undefined;
    },
  };
}

/** Stops the reminders for good, with why and by whom in the history. */
export function stopped(at: Date, reason: string, by: string): { patch: RolloutPatch; entry: HistoryEntry } {
  return {
    patch: { state: 'cancelled', nextReminderAt: undefined },
    entry: { at, what: 'cancelled', by, detail: reason },
  };
}

export async function mustGet(
  rollouts: Pick<RolloutStore, 'get'>,
  suiteId: string,
  corpId: string,
): Promise<Rollout> {
  const r = await rollouts.get(suiteId, corpId);
  if (!r) throw new NotFoundError(`rollout ${suiteId}/${corpId}`);
  return r;
}
