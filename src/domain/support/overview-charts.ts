import { DAY, type Clock } from '../../shared/clock';
import type { PermissionRequestState } from '../model';
import type { FunnelCount, MessageOutcomes } from '../ports/chart-store';
import type { Stores } from '../ports/stores';
import { fromLocalTime, localTime } from '../rollout/zoned-time';

/** The requests and messages charts cover today and the days before it, this many in all. */
export const CHART_DAYS = 30;

/** Days from authorization to enabled, grouped: [from, to) whole days; the last has no end. */
export const ENABLED_BUCKETS = [
  { id: '0-1', from: 0, to: 1 },
  { id: '1-3', from: 1, to: 3 },
  { id: '3-7', from: 3, to: 7 },
  { id: '7-14', from: 7, to: 14 },
  { id: '14-30', from: 14, to: 30 },
  { id: '30-', from: 30, to: Number.POSITIVE_INFINITY },
] as const;
export type EnabledBucket = (typeof ENABLED_BUCKETS)[number];
export type EnabledBucketId = EnabledBucket['id'];
export const ENABLED_BUCKET_IDS: readonly EnabledBucketId[] = ENABLED_BUCKETS.map((b) => b.id);

export const REQUEST_OUTCOMES: readonly PermissionRequestState[] = [
  'pending',
  'granted',
  'declined',
  'superseded',
];

export interface OverviewCharts {
  /** The window of the requests and messages charts: the start of the first day, the end of today. */
  since: Date;
  until: Date;
  funnel: FunnelCount[];
  daysToEnabled: { bucket: EnabledBucket; count: number }[];
  requests: { state: PermissionRequestState; count: number }[];
  /** One entry per day of the window, oldest first; `day` is the local date, YYYY-MM-DD. */
  messages: ({ day: string } & MessageOutcomes)[];
}

export interface OverviewChartsDeps {
  stores: Pick<Stores, 'charts'>;
  clock: Clock;
  /** Days start at midnight here. */
  timeZone: string;
}

/** The overview's four charts, from the chart store's aggregates; test enterprises are left out there. */
export async function overviewCharts({
  stores,
  clock,
  timeZone,
}: OverviewChartsDeps): Promise<OverviewCharts> {
  const now = clock.now();
  const days = lastDays(now, timeZone, CHART_DAYS);
  const bounds = days.map((d) => d.start);
  const since = bounds[0]!;
  const until = bounds.at(-1)!;
  const [funnel, enabled, requests, messages] = await Promise.all([
    stores.charts.funnel(now),
    stores.charts.daysToEnabled(),
    stores.charts.requestOutcomes(since, until),
    stores.charts.messageOutcomes(bounds),
  ]);
  return {
    since,
    until,
    funnel,
    daysToEnabled: ENABLED_BUCKETS.map((bucket) => ({
      bucket,
      count: enabled.filter((e) => inBucket(e.days, bucket)).reduce((n, e) => n + e.count, 0),
    })),
    requests: REQUEST_OUTCOMES.map((state) => ({ state, count: requests[state] })),
    messages: messages.map((m, i) => ({ day: days[i]!.day, ...m })),
  };
}

export function inBucket(days: number, bucket: EnabledBucket): boolean {
  return days >= bucket.from && days < bucket.to;
}

/** The local days ending today, each with its start; one more start closes the last (tomorrow's). */
function lastDays(now: Date, timeZone: string, count: number): { day: string; start: Date }[] {
  const today = localTime(now, timeZone);
  return Array.from({ length: count + 1 }, (_, i) => {
    const d = new Date(Date.UTC(today.year, today.month - 1, today.day - (count - 1) + i));
    const local = {
      year: d.getUTCFullYear(),
      month: d.getUTCMonth() + 1,
      day: d.getUTCDate(),
      hour: 0,
      minute: 0,
    };
    return { day: d.toISOString().slice(0, 10), start: fromLocalTime(local, timeZone) };
  });
}

/** Whole days between two instants, as the charts count them. */
export function wholeDays(from: Date, to: Date): number {
  return Math.floor((to.getTime() - from.getTime()) / DAY);
}
