import { MINUTE, minutesAfter, type Clock } from '../../shared/clock';
import type { Logger } from '../../shared/logger';
import { isActive, type EnterpriseContexts } from '../enterprise/context';
import { runLeasedTick } from '../leased-tick';
import type { HistoryEntry, PermissionRequest } from '../model';
import type { PermissionRequestPatch, Stores } from '../ports/stores';
import type { FileRequest } from './file-request';
import type { CheckRequest } from './check-request';
import type { PermissionOptions } from './permission-options';

export interface TickResult {
  raisedAgain: number;
  checked: number;
  stopped: number;
}

export interface ReraiseDeps {
  stores: Pick<Stores, 'permissionRequests' | 'apps'>;
  contexts: EnterpriseContexts;
  clock: Clock;
  log: Logger;
  config: Pick<PermissionOptions, 'effectRecheckMinutes'>;
  raise: FileRequest['raise'];
  checkRequest: CheckRequest;
}

const LEASE_MS = 5 * MINUTE;

/**
 * The scheduled follow-up of each request that is due: WeCom is asked first; a pending one is
 * checked again, a declined one is raised again only if WeCom still does not show it granted.
 */
export function createReraise(deps: ReraiseDeps): (owner: string, limit?: number) => Promise<TickResult> {
  const { clock, log } = deps;
  const requests = deps.stores.permissionRequests;

  async function followUp(request: PermissionRequest, owner: string): Promise<keyof TickResult> {
    const { suiteId, corpId } = request;
    const stop = async (why: string): Promise<'stopped'> => {
      const now = clock.now();
      await requests.release(request.id, owner, { nextActionAt: undefined }, now, {
        at: now,
        what: 'follow_up_stopped',
        detail: why,
      });
      return 'stopped';
    };
    const [enterprise, app] = await Promise.all([
      deps.contexts.load(suiteId, corpId, log.child({ suiteId, corpId })),
      deps.stores.apps.get(suiteId, corpId),
    ]);
    if (!isActive(enterprise) || !app) return stop('authorization cancelled');
    const save = (patch: PermissionRequestPatch, at: Date, entry?: HistoryEntry) =>
      requests.release(request.id, owner, patch, at, entry);
    if (request.state === 'pending') {
      await deps.checkRequest(request, enterprise, save);
      return 'checked';
    }
    if (request.state !== 'declined') return stop(`state ${request.state}`);
    const all = await requests.list({ suiteId, corpId });
    const newer = all.find((r) => r.createdAt.getTime() > request.createdAt.getTime());
    if (newer) return stop(`newer request ${newer.id}`);
    // Before asking again, look: agreed in WeCom's notice after a not-now is granted, no new card.
    const found = await deps.checkRequest(request, enterprise, (patch, at, entry) =>
      requests.update(request.id, patch, at, entry),
    );
    if (found.outcome === 'granted') return stop('granted in WeCom');
    if (found.outcome === 'authorization_gone') return stop('authorization gone');
    const now = clock.now();
    const again = await deps.raise(
      {
        suiteId,
        corpId,
        requested: request.requested,
        previous: app.effectivePermissions,
        filedBy: request.filedBy,
        raisedCount: request.raisedCount + 1,
        history: [{ at: now, what: 'raised_again_after', detail: request.id }],
      },
      enterprise.auth,
      app.name,
      enterprise.locale,
    );
    await requests.release(request.id, owner, { nextActionAt: undefined }, now, {
      at: now,
      what: 'raised_again',
      by: 'bot',
      detail: again.id,
    });
    log.info({ requestId: request.id, again: again.id, raisedCount: again.raisedCount }, 'raised again');
    return 'raisedAgain';
  }

  return (owner, limit = 20) =>
    runLeasedTick<PermissionRequest, keyof TickResult>(
      {
        claim: () => requests.claimDueActions({ owner, now: clock.now(), leaseMs: LEASE_MS, limit }),
        handle: (request) => followUp(request, owner),
        giveBack: (request) => {
          const now = clock.now();
          const retryAt = minutesAfter(now, deps.config.effectRecheckMinutes);
          return requests.release(request.id, owner, { nextActionAt: retryAt }, now);
        },
        describe: (request) => ({ requestId: request.id, corpId: request.corpId }),
      },
      { raisedAgain: 0, checked: 0, stopped: 0 },
      log,
    );
}
