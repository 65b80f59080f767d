import type { AuthorizationState } from '../model';
import { type AppRow, type AppRowDeps, appRows } from './app-row';
import { type AppFilter, DEFAULT_PAGING, type Page, type Paging, paginate } from './query-params';

/** One enterprise: its apps (one per template it authorized). */
export interface EnterpriseRow {
  corpId: string;
  corpName: string;
  /** Active while any of its authorizations is. */
  authorization: AuthorizationState;
  /** The provider's own test enterprise, listed apart from its customers. */
  test: boolean;
  authorizedAt: Date;
  apps: AppRow[];
  pendingRequests: number;
  stuckRollouts: number;
}

/** The app and enterprise lists, filtered and paged. */
export function createAppListings(deps: AppRowDeps) {
  async function listApps(filter: AppFilter = {}, paging: Paging = DEFAULT_PAGING): Promise<Page<AppRow>> {
    return paginate(
      (await appRows(deps)).filter((r) => matches(r, filter)),
      paging,
    );
  }

  /** Enterprises with at least one app matching the filter; each lists all its apps. */
  async function listEnterprises(
    filter: AppFilter = {},
    paging: Paging = DEFAULT_PAGING,
  ): Promise<Page<EnterpriseRow>> {
    const byCorp = new Map<string, AppRow[]>();
    for (const row of await appRows(deps)) byCorp.set(row.corpId, [...(byCorp.get(row.corpId) ?? []), row]);
    const rows = [...byCorp.values()]
      .filter((apps) => apps.some((r) => matches(r, filter)))
      .map(toEnterprise);
    return paginate(rows, paging);
  }

  return { listApps, listEnterprises };
}

function matches(row: AppRow, f: AppFilter): boolean {
  return (
    (f.status === undefined || row.status === f.status) &&
    (f.template === undefined || row.suiteId === f.template) &&
    (f.authorization === undefined || row.authorization === f.authorization) &&
    (f.stuck === undefined || Boolean(row.rollout?.stuck) === f.stuck) &&
    (f.pending === undefined || Boolean(row.pendingRequest) === f.pending) &&
    (f.test === undefined || row.test === f.test)
  );
}

function toEnterprise(apps: AppRow[]): EnterpriseRow {
  const first = apps[0]!;
  return {
    corpId: first.corpId,
    corpName: first.corpName,
    authorization: apps.some((a) => a.authorization === 'active') ? 'active' : 'cancelled',
    test: apps.some((a) => a.test),
    authorizedAt: new Date(Math.min(...apps.map((a) => a.authorizedAt.getTime()))),
    apps,
    pendingRequests: apps.filter((a) => a.pendingRequest).length,
    stuckRollouts: apps.filter((a) => a.rollout?.stuck).length,
  };
}
