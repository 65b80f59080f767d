import type { Clock } from '../../shared/clock';
import type { ActiveEnterprise } from '../enterprise/context';
import type { Rollout } from '../model';
import type { AppStore, RolloutPatch } from '../ports/stores';
import type { AgentInfo } from '../ports/wecom';
import type { Advance } from './advance';
import { describeVisibility, reachedStageIndex, removedFrom } from './reach';
import { stopped, type RolloutWriter, type WriteCondition } from './rollout-writer';

/** What agent/get showed and what the rollout made of it. */
export type Observation =
  /** agent/get failed: nothing is known and nothing was written. */
  | { kind: 'unread'; err: unknown }
  /** The app is disabled (close=1): the rollout is stopped. */
  | { kind: 'closed' }
  /** A further stage is reached (or the plan ran out): moved to `to`; undefined when the write did not apply. */
  | { kind: 'moved'; to: number; seen: RolloutPatch; moved: Rollout | undefined }
  /** Nothing beyond the current stage: the caller reminds, or answers. */
  | { kind: 'short'; seen: RolloutPatch };

export type ObserveVisibility = (
  r: Rollout,
  enterprise: ActiveEnterprise,
  by: string,
  when: WriteCondition,
) => Promise<Observation>;

/**
 * Reads agent/get and acts on it, the same for the tick and for a "widened" tap: WeCom is the
 * truth, so the rollout advances when WeCom shows the range widened, and stops when the app is off.
 */
export function createObserveVisibility(deps: {
  apps: Pick<AppStore, 'update'>;
  writer: RolloutWriter;
  advance: Advance;
  clock: Clock;
}): ObserveVisibility {
  const { writer, clock } = deps;

  /** Keeps the app's record fresh and writes down a narrowed range (recorded, never fought). */
  async function record(r: Rollout, agent: AgentInfo, enterprise: ActiveEnterprise): Promise<RolloutPatch> {
    const now = clock.now();
    const visibility = agent.visibility;
    await deps.apps.update(
      r.suiteId,
      r.corpId,
      { visibility, visibilityObservedAt: now, closed: agent.closed, publishStatus: agent.publishStatus },
      now,
    );
    const seen: RolloutPatch = { actual: visibility, actualObservedAt: now };
    const removed = r.actual && removedFrom(r.actual, visibility);
    if (removed) {
      const detail = `移除 / removed: ${describeVisibility(removed)}; 现在 / now: ${describeVisibility(visibility)}`;
      await writer.write(r, seen, { at: now, what: 'narrowed', by: 'wecom:agent/get', detail }, {});
      enterprise.log.info('visibility narrowed');
    }
    return seen;
  }

  return async (r, enterprise, by, when) => {
    let agent: AgentInfo;
    try {
      agent = await enterprise.wecom.getAgent();
    } catch (err) {
      return { kind: 'unread', err };
    }
    const seen = await record(r, agent, enterprise);
    if (agent.closed) {
      const stop = stopped(clock.now(), 'app disabled (close=1)', 'wecom:agent/get');
      await writer.write(r, { ...seen, ...stop.patch }, stop.entry, when);
      return { kind: 'closed' };
    }
    const reached = reachedStageIndex(agent.visibility, r.plan, enterprise.auth.admins);
    // Past the last stage there is nothing to suggest: a plan changed under it completes it.
    const to = Math.max(reached, r.stageIndex);
    if (to > r.stageIndex || to >= r.plan.length - 1) {
      return { kind: 'moved', to, seen, moved: await deps.advance(r, to, by, seen, enterprise, when) };
    }
    return { kind: 'short', seen };
  };
}
