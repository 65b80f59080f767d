import type { AuthorizationState } from '../model';
import { type AppRow, type AppRowDeps, appRows, appRowsOf, compareRows } from './app-row';
import { chartMatcher, type ChartFilterStores } from './chart-filters';
import { candidateCorps } from './list-candidates';
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

/**
 * How many enterprises' records a filtered list reads side by side: a database answers them
 * together without one list queueing thousands of queries at once.
 */
const CORPS_AT_ONCE = 32;

/** The app and enterprise lists, filtered and paged. */
export function createAppListings(deps: AppRowDeps & { stores: ChartFilterStores }) {
  /**
   * The rows searched, each enterprise's all together, and the rows the filter keeps (the charts'
   * filters included); both in list order.
   */
  async function filtered(filter: AppFilter): Promise<{ all: AppRow[]; kept: AppRow[] }> {
    const now = deps.clock.now();
    const [all, chart] = await Promise.all([searched(filter, now), chartMatcher(deps.stores, filter)]);
    return { all, kept: all.filter((r) => matches(r, filter) && (!chart || chart(r))) };
  }

  /**
   * Only the rows of the enterprises that can match, when the filter names few records; every row
   * otherwise. Both at one `now`, so a rollout is stuck or not alike in the candidates and the rows.
   */
  async function searched(filter: AppFilter, now: Date): Promise<AppRow[]> {
    const at = { ...deps, clock: { now: () => now } };
    const corps = await candidateCorps(deps.stores, filter, now);
    if (!corps) return appRows(at);
    const ids = [...corps];
    const rows: AppRow[] = [];
    for (let i = 0; i < ids.length; i += CORPS_AT_ONCE) {
      const read = ids.slice(i, i + CORPS_AT_ONCE).map((corpId) => appRowsOf(at, corpId));
      for (const corpRows of await Promise.all(read)) rows.push(...corpRows);
    }
    return rows.sort(compareRows);
  }

  async function listApps(filter: AppFilter = {}, paging: Paging = DEFAULT_PAGING): Promise<Page<AppRow>> {
    return paginate((await filtered(filter)).kept, paging);
  }

  /** Enterprises with at least one app matching the filter; each lists all its apps. */
  async function listEnterprises(
    filter: AppFilter = {},
    paging: Paging = DEFAULT_PAGING,
  ): Promise<Page<EnterpriseRow>> {
    if (Object.keys(filter).length === 0) return enterprisePage(paging);
    const { all, kept } = await filtered(filter);
    const byCorp = new Map<string, AppRow[]>();
    for (const row of all) {
      const apps = byCorp.get(row.corpId);
      if (apps) apps.push(row);
      else byCorp.set(row.corpId, [row]);
    }
    const corps = new Set(kept.map((r) => r.corpId));
    return paginate(
      [...byCorp.values()].filter((apps) => corps.has(apps[0]!.corpId)).map(toEnterprise),
      paging,
    );
  }

  /**
   * Every enterprise, a page at a time: read in the order of their newest authorization as far as
   * the page goes, each from its own records only, so a page costs the same whatever the total.
   */
  async function enterprisePage(paging: Paging): Promise<Page<EnterpriseRow>> {
    const { stores } = deps;
    const skip = (paging.page - 1) * paging.pageSize;
    const items: EnterpriseRow[] = [];
    const seen = new Set<string>();
    let listed = 0;
    for await (const auth of stores.authorizations.newestFirst()) {
      if (items.length === paging.pageSize) break;
      if (seen.has(auth.corpId)) continue;
      seen.add(auth.corpId);
      const rows = await appRowsOf(deps, auth.corpId);
      if (rows.length > 0 && listed++ >= skip) items.push(toEnterprise(rows));
    }
    return { items, total: await stores.apps.countCorps(), page: paging.page, pageSize: paging.pageSize };
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
