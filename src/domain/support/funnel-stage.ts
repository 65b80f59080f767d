import type { App, AppStatus, ReachKind, Rollout } from '../model';

/**
 * Where an app stands on the way from authorization to the whole company: its status until it is
 * enabled, then the reach of the rollout stage it reached ('enabled' before the pilot).
 */
export const FUNNEL_STAGES = [
  'developing',
  'in_review',
  'approved',
  'enabled',
  'members',
  'departments',
  'company',
] as const satisfies readonly (AppStatus | ReachKind)[];
export type FunnelStage = (typeof FUNNEL_STAGES)[number];

export function funnelStage(
  app: Pick<App, 'status'>,
  rollout: Pick<Rollout, 'plan' | 'stageIndex'> | undefined,
): FunnelStage {
  if (app.status !== 'enabled') return app.status;
  return (rollout && rollout.stageIndex >= 0 && rollout.plan[rollout.stageIndex]?.reach) || 'enabled';
}
