import fc from 'fast-check';
import { APP_STATUSES, type AppStatus, type RolloutState } from '../../../../src/domain/model';
import type { Stores } from '../../../../src/domain/ports/stores';
import { type EnterpriseRow, createAppListings } from '../../../../src/domain/support/app-listings';
import { type AppRow, appRows } from '../../../../src/domain/support/app-row';
import { FUNNEL_STAGES, funnelStage } from '../../../../src/domain/support/funnel-stage';
import {
  ENABLED_BUCKETS,
  ENABLED_BUCKET_IDS,
  REQUEST_OUTCOMES,
  inBucket,
  wholeDays,
} from '../../../../src/domain/support/overview-charts';
import { type AppFilter, type Page, paginate } from '../../../../src/domain/support/query-params';
import { ManualClock } from '../../../../src/shared/clock';
import { createMemoryStores } from '../../../../src/stores/memory';
import { runs } from '../../../helpers/property-runs';

/**
 * A filtered list reads only the enterprises the filter's indexed records name. Whatever the
 * records and the filter, each page is what the join of every app gives: the same items in the
 * same order, and the same total.
 */
const T0 = Date.parse('2026-03-02T00:00:00Z');
const DAY = 86_400_000;
const at = (day: number, hour = 0): Date => new Date(T0 + day * DAY + hour * 3_600_000);
const SUITES = ['s1', 's2', 's3'];
const CORPS = ['c1', 'c2', 'c3', 'c4', 'c5', 'c6'];
const PAIRS = SUITES.flatMap((suiteId) => CORPS.map((corpId) => ({ suiteId, corpId })));

const pairSeed = fc.record({
  app: fc.boolean(),
  authorization: fc.boolean(),
  // Few days, so that enterprises often share an authorization time and the ids break the tie.
  authDay: fc.nat(3),
  test: fc.boolean(),
  cancelled: fc.boolean(),
  status: fc.constantFrom(...APP_STATUSES),
  enabledAfterDays: fc.nat(40),
  rollout: fc.option(
    fc.record({
      state: fc.constantFrom<RolloutState>('active', 'paused', 'completed', 'cancelled', 'escalated'),
      stageIndex: fc.integer({ min: -1, max: 1 }),
      // Near now's days (30 to 35) and 30 days before them: many a rollout is just stuck, or just not.
      reminderDay: fc.option(fc.integer({ min: 28, max: 35 }), { nil: undefined }),
      progressDay: fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }),
    }),
    { nil: undefined },
  ),
  requests: fc.array(
    fc.record({
      day: fc.nat(60),
      to: fc.constantFrom('pending' as const, 'granted' as const, 'declined' as const),
    }),
    { maxLength: 3 },
  ),
});

const messageSeed = fc.record({
  // 6 names no enterprise: a message to support's own group.
  corp: fc.nat(6),
  day: fc.nat(60),
  outcome: fc.constantFrom('sent' as const, 'failed' as const, 'queued' as const),
});

const filterValues = {
  status: fc.constantFrom<AppStatus>(...APP_STATUSES),
  template: fc.constantFrom(...SUITES),
  stuck: fc.boolean(),
  pending: fc.boolean(),
  authorization: fc.constantFrom('active' as const, 'cancelled' as const),
  test: fc.boolean(),
  stage: fc.constantFrom(...FUNNEL_STAGES),
  enabledDays: fc.constantFrom(...ENABLED_BUCKET_IDS),
  request: fc.constantFrom(...REQUEST_OUTCOMES),
  messages: fc.constantFrom('sent' as const, 'failed' as const),
  since: fc.nat(60).map((d) => at(d)),
};

/**
 * One to three of the filters, as the overview's links and a person's clicks combine them (more
 * rarely match anything). None at all pages the enterprises another way (newest first from the store).
 */
const filterSeed: fc.Arbitrary<AppFilter> = fc
  .tuple(
    fc.record(filterValues),
    fc.subarray(Object.keys(filterValues) as (keyof typeof filterValues)[], { minLength: 1, maxLength: 3 }),
  )
  .map(([values, keys]) => Object.fromEntries(keys.map((k) => [k, values[k]])) as AppFilter);

type Of<A> = A extends fc.Arbitrary<infer T> ? T : never;
type Seed = { pairs: Of<typeof pairSeed>[]; messages: Of<typeof messageSeed>[] };

/** The records, written through the stores' own methods so every index follows each change. */
async function seed(stores: Stores, { pairs, messages }: Seed): Promise<void> {
  let request = 0;
  for (const [i, { suiteId, corpId }] of PAIRS.entries()) {
    const p = pairs[i]!;
    const createdAt = at(p.authDay);
    if (p.authorization) {
      await stores.authorizations.create({
        suiteId,
        corpId,
        corpName: `corp ${corpId}`,
        admins: ['admin'],
        permanentCodeEnc: 'enc',
        state: 'active',
        timeZone: 'Asia/Shanghai',
        createdAt,
        updatedAt: createdAt,
      });
      if (p.test) await stores.authorizations.update(suiteId, corpId, { test: true }, at(4));
      if (p.cancelled) await stores.authorizations.cancel(suiteId, corpId, at(5));
    }
    if (p.app) {
      await stores.apps.create({
        suiteId,
        corpId,
        name: `app ${i}`,
        status: 'developing',
        statusHistory: [],
        configuration: {},
        closed: false,
        effectivePermissions: [],
        createdAt,
        updatedAt: createdAt,
      });
      if (p.status !== 'developing')
        await stores.apps.transition(
          suiteId,
          corpId,
          ['developing'],
          p.status,
          'poll',
          at(p.authDay + p.enabledAfterDays),
        );
    }
    if (p.rollout) {
      const r = p.rollout;
      await stores.rollouts.create({
        suiteId,
        corpId,
        plan: [
          { name: 'pilot', reach: 'members', waitMinutes: 60 },
          { name: 'company', reach: 'company', waitMinutes: 0 },
        ],
        stageIndex: r.stageIndex,
        state: 'active',
        ...(r.reminderDay !== undefined ? { nextReminderAt: at(r.reminderDay) } : {}),
        unanswered: 0,
        remindersSent: 0,
        history: [],
        createdAt,
        updatedAt: createdAt,
      });
      const entry = r.progressDay !== undefined ? { at: at(r.progressDay), what: 'advanced' } : undefined;
      await stores.rollouts.update(suiteId, corpId, { state: r.state }, at(6), entry ? { entry } : {});
    }
    for (const q of p.requests) {
      const { request: filed } = await stores.permissionRequests.file({
        id: `pr${request++}`,
        suiteId,
        corpId,
        requested: ['contact:read'],
        previous: [],
        filedBy: 'support',
        raisedCount: 1,
        history: [],
        createdAt: at(q.day),
      });
      if (q.to !== 'pending')
        await stores.permissionRequests.settle(filed.id, {
          to: q.to,
          from: ['pending'],
          at: at(q.day, 1),
          entry: { at: at(q.day, 1), what: q.to },
        });
    }
  }
  const enqueued = [];
  for (const [i, m] of messages.entries()) {
    const { message } = await stores.outbox.enqueue(
      {
        dedupeKey: `m${i}`,
        channel: m.corp < CORPS.length ? 'app' : 'support',
        ...(m.corp < CORPS.length ? { corpId: CORPS[m.corp]! } : {}),
        payload: { msgtype: 'text', text: { content: 'hi' } },
        topic: 'reply',
      },
      at(0),
    );
    enqueued.push({ id: message.id, ...m });
  }
  await stores.outbox.claimDue({ owner: 'me', now: at(0), leaseMs: DAY, limit: 1_000 });
  for (const m of enqueued) {
    if (m.outcome === 'sent') await stores.outbox.markSent(m.id, 'me', {}, at(m.day));
    if (m.outcome === 'failed') await stores.outbox.markFailed(m.id, 'me', { error: 'x' }, at(m.day));
  }
}

/** The lists as the join of every app gives them: each row judged, then paged. */
async function fullJoin(stores: Stores, clock: ManualClock, f: AppFilter) {
  const [all, chart] = await Promise.all([appRows({ stores, clock }), chartKeys(stores, f)]);
  const kept = all.filter((r) => matches(r, f) && chart.every((keys) => keys.has(key(r))));
  const byCorp = new Map<string, AppRow[]>();
  for (const row of all) byCorp.set(row.corpId, [...(byCorp.get(row.corpId) ?? []), row]);
  const corps = new Set(kept.map((r) => r.corpId));
  const enterprises = [...byCorp.entries()].filter(([corpId]) => corps.has(corpId)).map(([, apps]) => apps);
  return { apps: kept, enterprises };
}

const key = (r: { suiteId: string; corpId: string }): string => `${r.suiteId} ${r.corpId}`;

/** For each chart filter given, the apps it keeps: read from every record, as the chart store counts. */
async function chartKeys(stores: Stores, f: AppFilter): Promise<Set<string>[]> {
  const [apps, rollouts] = await Promise.all([stores.apps.list(), stores.rollouts.list()]);
  const rolloutOf = new Map(rollouts.map((r) => [key(r), r]));
  const sets: Set<string>[] = [];
  const appsWhere = (keep: (app: (typeof apps)[number]) => boolean) => new Set(apps.filter(keep).map(key));
  if (f.stage !== undefined) sets.push(appsWhere((a) => funnelStage(a, rolloutOf.get(key(a))) === f.stage));
  const bucket = ENABLED_BUCKETS.find((b) => b.id === f.enabledDays);
  if (bucket)
    sets.push(
      appsWhere((a) => a.enabledAt !== undefined && inBucket(wholeDays(a.createdAt, a.enabledAt), bucket)),
    );
  if (f.request !== undefined) {
    const requests = await stores.permissionRequests.list({ state: f.request });
    sets.push(new Set(requests.filter((r) => !f.since || r.createdAt >= f.since).map(key)));
  }
  if (f.messages !== undefined) {
    const messages = await stores.outbox.list({ status: f.messages });
    const corps = new Set(
      messages
        .filter(
          (m) => !f.since || (f.messages === 'sent' ? (m.sentAt ?? m.updatedAt) : m.updatedAt) >= f.since,
        )
        .flatMap((m) => (m.corpId ? [m.corpId] : [])),
    );
    sets.push(appsWhere((a) => corps.has(a.corpId)));
  }
  return sets;
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

/** An enterprise page by what identifies its rows: the fields of each row are the join's own. */
const enterpriseIds = (page: Page<EnterpriseRow>) => ({
  ...page,
  items: page.items.map((e) => e.apps),
});

describe('filtered support lists', () => {
  it('give every page of the apps and of the enterprises exactly as the join of every app does', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          pairs: fc.array(pairSeed, { minLength: PAIRS.length, maxLength: PAIRS.length }),
          messages: fc.array(messageSeed, { maxLength: 10 }),
        }),
        fc.array(filterSeed, { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 30, max: 35 }),
        fc.nat(2),
        async (content, filters, pageSize, nowDay, nowHour) => {
          const stores = createMemoryStores();
          await seed(stores, content);
          const clock = new ManualClock(at(nowDay, nowHour));
          const listings = createAppListings({ stores, clock });
          for (const f of filters) {
            const expected = await fullJoin(stores, clock, f);
            const listed = Math.max(expected.apps.length, expected.enterprises.length);
            // Every page, and the first past the end (empty, with the total).
            for (let page = 1; page <= Math.ceil(listed / pageSize) + 1; page++) {
              const paging = { page, pageSize };
              expect(await listings.listApps(f, paging)).toEqual(paginate(expected.apps, paging));
              const enterprises = await listings.listEnterprises(f, paging);
              expect(enterpriseIds(enterprises)).toEqual(paginate(expected.enterprises, paging));
            }
          }
        },
      ),
      runs(1_000, 200),
    );
  });
});
