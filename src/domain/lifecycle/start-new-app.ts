import { isActive, type EnterpriseContext } from '../enterprise/context';
import type { App, PreviousApp } from '../model';
import type { LifecycleDeps } from './lifecycle-deps';

/** Whether a create_auth for an enterprise the bot knows brought a new app (cancelled before, or a new agent id). */
export function isNewApp(
  before: { state: string },
  old: Pick<App, 'agentId'>,
  agentId: number | undefined,
): boolean {
  return before.state === 'cancelled' || (agentId !== undefined && old.agentId !== agentId);
}

/**
 * WeCom made a new app for the enterprise (re-authorization): its record starts over (developing,
 * the visibility WeCom gives, no permissions), the old app is kept in previousApps, the old app's
 * queued messages are dropped, its open requests closed and its rollout put back to the start.
 */
export async function startNewApp(
  deps: LifecycleDeps,
  ctx: EnterpriseContext,
  old: App,
  fresh: App,
): Promise<App> {
  const { stores } = deps;
  const { suiteId, corpId } = ctx;
  const now = fresh.createdAt;
  // First, so that nothing queued for the old app goes out as the new one; what follows is kept.
  const dropped = await stores.outbox.cancelQueued({ corpId, suiteId }, now);
  const rollout = isActive(ctx) ? await deps.onNewApp(ctx) : undefined;
  const previous: PreviousApp = {
    agentId: old.agentId,
    name: old.name,
    status: old.status,
    visibility: old.visibility,
    effectivePermissions: old.effectivePermissions,
    enabledAt: old.enabledAt,
    rolloutStage: rollout?.plan[rollout.stageIndex]?.name,
    rolloutState: rollout?.state,
    createdAt: old.createdAt,
    replacedAt: now,
  };
  const app = (await stores.apps.replace(fresh, previous)) ?? fresh;
  ctx.log.info({ suiteId, corpId, agentId: fresh.agentId, previousAgentId: old.agentId, dropped }, 'new app');
  return app;
}
