import type { Clock } from '../../shared/clock';
import type { Locale } from '../../shared/locale';
import type { Logger } from '../../shared/logger';
import type { Stores } from '../ports/stores';
import { closeCards, type RequestCardsDeps } from './request-cards';

export interface CloseForNewAppDeps extends RequestCardsDeps {
  stores: Pick<Stores, 'permissionRequests' | 'outbox'>;
  clock: Clock;
  log: Logger;
}

/**
 * WeCom made a new app for the enterprise (re-authorization): what the old app's admins were asked
 * is closed as superseded and its cards stop taking taps; nothing is followed up for the old app.
 */
export function createCloseForNewApp(deps: CloseForNewAppDeps) {
  const requests = deps.stores.permissionRequests;
  return async (suiteId: string, corpId: string, locale: Locale): Promise<number> => {
    const now = deps.clock.now();
    const entry = { at: now, what: 'superseded', by: 'wecom:create_auth', detail: 'new app' };
    const closed = await requests.supersedeAll(suiteId, corpId, entry);
    await requests.stopFollowUps(suiteId, corpId, now);
    for (const request of closed) await closeCards(deps, request, 'superseded', locale);
    if (closed.length > 0)
      deps.log.info({ suiteId, corpId, closed: closed.length }, 'requests of the old app closed');
    return closed.length;
  };
}
