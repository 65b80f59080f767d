import type { App, Rollout } from '../model';
import type { Stores } from '../ports/stores';
import { appKey } from './app-row';
import { funnelStage } from './funnel-stage';
import { ENABLED_BUCKETS, inBucket, wholeDays } from './overview-charts';
import type { AppFilter } from './query-params';

export type ChartFilterStores = Pick<Stores, 'permissionRequests' | 'outbox'>;

type Ref = { suiteId: string; corpId: string };

/**
 * The records beyond an app's own that a filter names, read once per list call: the candidates
 * and the matcher share them.
 */
export interface ChartRecords {
  /** The apps with a permission request in the filter's `request` state. */
  requests?: Ref[];
  /** The enterprises with a message in the filter's `messages` status. */
  messageCorps?: string[];
}

export async function chartRecords(stores: ChartFilterStores, f: AppFilter): Promise<ChartRecords> {
  const [requests, corps] = await Promise.all([
    f.request !== undefined ? requestsOf(stores, f.request, f.since) : undefined,
    f.messages !== undefined ? messageCorps(stores, f.messages, f.since) : undefined,
  ]);
  return { ...(requests ? { requests } : {}), ...(corps ? { messageCorps: corps } : {}) };
}

/**
 * The rows behind a chart of the overview: the filters its links carry, counted as the chart
 * store counts them, judged on an app's own records (and those `chartRecords` read); undefined
 * when no such filter is given.
 */
export function chartMatcher(
  f: AppFilter,
  records: ChartRecords,
): ((row: Ref & { app: App; rollout?: Rollout }) => boolean) | undefined {
  const tests: ((row: Ref & { app: App; rollout?: Rollout }) => boolean)[] = [];
  if (f.stage !== undefined) tests.push((row) => funnelStage(row.app, row.rollout) === f.stage);
  const bucket = ENABLED_BUCKETS.find((b) => b.id === f.enabledDays);
  if (bucket)
    tests.push(
      ({ app }) => app.enabledAt !== undefined && inBucket(wholeDays(app.createdAt, app.enabledAt), bucket),
    );
  if (records.requests) {
    const keys = new Set(records.requests.map(appKey));
    tests.push((row) => keys.has(appKey(row)));
  }
  if (records.messageCorps) {
    const corps = new Set(records.messageCorps);
    tests.push((row) => corps.has(row.corpId));
  }
  return tests.length === 0 ? undefined : (row) => tests.every((t) => t(row));
}

/** The apps with a permission request in `state` now, filed since `since` when given. */
async function requestsOf(
  stores: Pick<ChartFilterStores, 'permissionRequests'>,
  state: NonNullable<AppFilter['request']>,
  since: Date | undefined,
): Promise<Ref[]> {
  const requests = await stores.permissionRequests.list({ state });
  return requests.filter((r) => !since || r.createdAt >= since);
}

/** The enterprises with a message sent or failed, since `since` when given. */
async function messageCorps(
  stores: Pick<ChartFilterStores, 'outbox'>,
  status: NonNullable<AppFilter['messages']>,
  since: Date | undefined,
): Promise<string[]> {
  const messages = await stores.outbox.list({ status });
  return messages
    .filter((m) => !since || (status === 'sent' ? (m.sentAt ?? m.updatedAt) : m.updatedAt) >= since)
    .flatMap((m) => (m.corpId ? [m.corpId] : []));
}
