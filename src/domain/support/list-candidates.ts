import type { Stores } from '../ports/stores';
import type { ChartRecords } from './chart-filters';
import type { AppFilter } from './query-params';

export type CandidateStores = Pick<Stores, 'authorizations' | 'apps' | 'rollouts' | 'permissionRequests'>;

/** A record a filter names: an app's (with its template) or an enterprise's (any of its apps). */
interface Named {
  corpId: string;
  suiteId?: string;
}

/**
 * The enterprises that can have an app matching the filter, read from the few records the filter
 * names (each query answered by an index): the smallest such set, intersected with the others.
 * Undefined when no part of the filter names few records (the list then reads every app). The
 * filter itself still decides; this only bounds what is read. `chart` holds the records of the
 * filter's `request` and `messages`, already read.
 */
export async function corpsTheFilterNames(
  stores: CandidateStores,
  f: AppFilter,
  chart: ChartRecords,
  now: Date,
): Promise<Set<string> | undefined> {
  const sources: Promise<Named[]>[] = [];
  if (f.pending === true) sources.push(stores.permissionRequests.list({ state: 'pending' }));
  if (chart.requests) sources.push(Promise.resolve(chart.requests));
  if (f.stuck === true) sources.push(stores.rollouts.listStuck(now));
  if (f.test === true) sources.push(stores.authorizations.list({ test: true }));
  // Active and enabled are what most records are: reading them by index would save nothing.
  if (f.authorization === 'cancelled') sources.push(stores.authorizations.list({ state: 'cancelled' }));
  if (f.status !== undefined && f.status !== 'enabled') sources.push(stores.apps.list({ status: f.status }));
  if (chart.messageCorps) sources.push(Promise.resolve(chart.messageCorps.map((corpId) => ({ corpId }))));
  if (sources.length === 0) return undefined;
  const sets = (await Promise.all(sources))
    .map(
      (named) =>
        new Set(
          named
            .filter((n) => f.template === undefined || n.suiteId === undefined || n.suiteId === f.template)
            .map((n) => n.corpId),
        ),
    )
    .sort((a, b) => a.size - b.size);
  const [smallest, ...others] = sets as [Set<string>, ...Set<string>[]];
  return new Set([...smallest].filter((corpId) => others.every((s) => s.has(corpId))));
}
