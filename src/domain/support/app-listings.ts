import type { AuthorizationState } from '../model';
import { isStuck } from '../rollout/is-stuck';
import {
  type AppRecords,
  type AppRow,
  type AppRowDeps,
  appKey,
  appRecordsOf,
  appRowsOf,
  compareRows,
  joinRecords,
} from './app-row';
import { chartMatcher, chartRecords, type ChartFilterStores } from './chart-filters';
import { corpsTheFilterNames } from './list-candidates';
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
   * The apps searched, each enterprise's all together, and those the filter keeps (the charts'
   * filters included): judged on their own records, no row built. Both at one `now`, so a rollout
   * is stuck or not alike in the candidates, the judging and the rows.
   */
  async function judged(filter: AppFilter, now: Date): Promise<{ all: AppRecords[]; kept: AppRecords[] }> {
    const chart = await chartRecords(deps.stores, filter);
    const corps = await corpsTheFilterNames(deps.stores, filter, chart, now);
    const all = corps
      ? await recordsOf([...corps], (corpId) => appRecordsOf(deps, corpId))
      : await every(filter, now);
    const charted = chartMatcher(filter, chart);
    return { all, kept: all.filter((r) => matches(r, filter, now) && (!charted || charted(r))) };
  }

  /**
   * Every app with the records its filter judges it by: rollouts and waiting requests only when the
   * filter names them, since the page's rows are built from their enterprises' records afterwards.
   * `stuck` alone needs only the stuck rollouts (exactly those isStuck holds stuck, from an index).
   */
  async function every(f: AppFilter, now: Date): Promise<AppRecords[]> {
    const { stores } = deps;
    const rollouts =
      f.stage !== undefined
        ? stores.rollouts.list()
        : f.stuck !== undefined
          ? stores.rollouts.listStuck(now)
          : [];
    const [auths, apps, judgedRollouts, pending] = await Promise.all([
      stores.authorizations.list(),
      stores.apps.list(),
      rollouts,
      f.pending !== undefined ? stores.permissionRequests.list({ state: 'pending' }) : [],
    ]);
    return joinRecords(auths, apps, judgedRollouts, pending);
  }

  /** What `read` gives for each enterprise, CORPS_AT_ONCE of them side by side, in their order. */
  async function recordsOf<T>(corpIds: string[], read: (corpId: string) => Promise<T[]>): Promise<T[]> {
    const out: T[] = [];
    for (let i = 0; i < corpIds.length; i += CORPS_AT_ONCE) {
      for (const each of await Promise.all(corpIds.slice(i, i + CORPS_AT_ONCE).map(read))) out.push(...each);
    }
    return out;
  }

  /** The full rows of these enterprises, each enterprise's together and in list order, at `now`. */
  function rowsOf(corpIds: string[], now: Date): Promise<AppRow[]> {
    const at = { ...deps, clock: { now: () => now } };
    return recordsOf(corpIds, (corpId) => appRowsOf(at, corpId));
  }

  async function listApps(filter: AppFilter = {}, paging: Paging = DEFAULT_PAGING): Promise<Page<AppRow>> {
    const now = deps.clock.now();
    const page = paginate((await judged(filter, now)).kept.sort(compareRows), paging);
    const rows = new Map((await rowsOf(corpsOf(page.items), now)).map((r) => [appKey(r), r]));
    return { ...page, items: page.items.flatMap((r) => rows.get(appKey(r)) ?? []) };
  }

  /** Enterprises with at least one app matching the filter; each lists all its apps. */
  async function listEnterprises(
    filter: AppFilter = {},
    paging: Paging = DEFAULT_PAGING,
  ): Promise<Page<EnterpriseRow>> {
    if (Object.keys(filter).length === 0) return enterprisePage(paging);
    const now = deps.clock.now();
    const { all, kept } = await judged(filter, now);
    const keep = new Set(kept.map((r) => r.corpId));
    // An enterprise stands where its first app does in the list order.
    const first = new Map<string, AppRecords>();
    for (const r of all) {
      const seen = first.get(r.corpId);
      if (keep.has(r.corpId) && (!seen || compareRows(r, seen) < 0)) first.set(r.corpId, r);
    }
    const page = paginate([...first.values()].sort(compareRows), paging);
    const rows = await rowsOf(corpsOf(page.items), now);
    return {
      ...page,
      items: corpsOf(rows).map((corpId) => toEnterprise(rows.filter((r) => r.corpId === corpId))),
    };
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

/** What an app's row would show, judged on its own records. */
function matches(r: AppRecords, f: AppFilter, now: Date): boolean {
  return (
    (f.status === undefined || r.app.status === f.status) &&
    (f.template === undefined || r.suiteId === f.template) &&
    (f.authorization === undefined || r.auth.state === f.authorization) &&
    (f.pending === undefined || (r.pending !== undefined) === f.pending) &&
    (f.test === undefined || (r.auth.test === true) === f.test) &&
    (f.stuck === undefined || (r.rollout !== undefined && isStuck(r.rollout, now)) === f.stuck)
  );
}

/** The enterprises of these apps, each once, in their order. */
function corpsOf(rows: { corpId: string }[]): string[] {
  return [...new Set(rows.map((r) => r.corpId))];
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
