import type { App } from '../model';
import type { Stores } from '../ports/stores';
import { funnelStage } from './funnel-stage';
import { ENABLED_BUCKETS, inBucket, wholeDays } from './overview-charts';
import type { AppFilter } from './query-params';

export type ChartFilterStores = Pick<Stores, 'apps' | 'rollouts' | 'permissionRequests' | 'outbox'>;

type Ref = { suiteId: string; corpId: string };
const key = (r: Ref): string => `${r.suiteId}\u0000${r.corpId}`;

/**
 * The rows behind a chart of the overview: the filters its links carry, counted as the chart
 * store counts them. A list reads the records (it pages a listing anyway); undefined when no
 * such filter is given.
 */
export async function chartMatcher(
  stores: ChartFilterStores,
  f: AppFilter,
): Promise<((row: Ref) => boolean) | undefined> {
  const tests: ((row: Ref) => boolean)[] = [];
  if (f.stage !== undefined || f.enabledDays !== undefined) {
    const apps = await stores.apps.list();
    if (f.stage !== undefined) tests.push(inSet(await atStage(stores, apps, f.stage)));
    const bucket = ENABLED_BUCKETS.find((b) => b.id === f.enabledDays);
    if (bucket) {
      const enabled = apps.filter(
        (a) => a.enabledAt && inBucket(wholeDays(a.createdAt, a.enabledAt), bucket),
      );
      tests.push(inSet(new Set(enabled.map(key))));
    }
  }
  if (f.request !== undefined)
    tests.push(inSet(new Set((await requestsOf(stores, f.request, f.since)).map(key))));
  if (f.messages !== undefined) {
    const corps = new Set(await messageCorps(stores, f.messages, f.since));
    tests.push((row) => corps.has(row.corpId));
  }
  return tests.length === 0 ? undefined : (row) => tests.every((t) => t(row));
}

/** The apps with a permission request in `state` now, filed since `since` when given. */
export async function requestsOf(
  stores: Pick<ChartFilterStores, 'permissionRequests'>,
  state: NonNullable<AppFilter['request']>,
  since: Date | undefined,
): Promise<Ref[]> {
  const requests = await stores.permissionRequests.list({ state });
  return requests.filter((r) => !since || r.createdAt >= since);
}

/** The enterprises with a message sent or failed, since `since` when given. */
export async function messageCorps(
  stores: Pick<ChartFilterStores, 'outbox'>,
  status: NonNullable<AppFilter['messages']>,
  since: Date | undefined,
): Promise<string[]> {
  const messages = await stores.outbox.list({ status });
  return messages
    .filter((m) => !since || (status === 'sent' ? (m.sentAt ?? m.updatedAt) : m.updatedAt) >= since)
    .flatMap((m) => (m.corpId ? [m.corpId] : []));
}

async function atStage(
  stores: ChartFilterStores,
  apps: App[],
  stage: AppFilter['stage'],
): Promise<Set<string>> {
  const rollouts = new Map((await stores.rollouts.list()).map((r) => [key(r), r]));
  return new Set(apps.filter((a) => funnelStage(a, rollouts.get(key(a))) === stage).map(key));
}

function inSet(keys: ReadonlySet<string>): (row: Ref) => boolean {
  return (row) => keys.has(key(row));
}
