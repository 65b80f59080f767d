import { randomUUID } from 'node:crypto';
import type { App, Authorization, Rollout } from '../../src/domain/model';
import type { FunnelCount, Stores } from '../../src/domain/ports/stores';

const T0 = new Date('2026-01-05T00:00:00Z');
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const at = (minutes: number): Date => new Date(T0.getTime() + minutes * MINUTE);
const uid = (prefix: string): string => `${prefix}-${randomUUID().slice(0, 8)}`;

const auth = (suiteId: string, corpId: string, over: Partial<Authorization> = {}): Authorization => ({
  suiteId,
  corpId,
  corpName: '示例企业',
  admins: ['admin1'],
  permanentCodeEnc: 'v1:iv:ciphertext:tag',
  state: 'active',
  timeZone: 'Asia/Shanghai',
  createdAt: T0,
  updatedAt: T0,
  ...over,
});

const app = (suiteId: string, corpId: string, over: Partial<App> = {}): App => ({
  suiteId,
  corpId,
  name: '巡检助手',
  status: 'developing',
  statusHistory: [],
  configuration: {},
  closed: false,
  effectivePermissions: [],
  createdAt: T0,
  updatedAt: T0,
  ...over,
});

const rollout = (suiteId: string, corpId: string, over: Partial<Rollout> = {}): Rollout => ({
  suiteId,
  corpId,
  plan: [
    { name: 'pilot', reach: 'members', waitMinutes: 60 },
    { name: 'departments', reach: 'departments', waitMinutes: 60 },
    { name: 'company', reach: 'company', waitMinutes: 0 },
  ],
  stageIndex: -1,
  state: 'active',
  unanswered: 0,
  remindersSent: 0,
  history: [],
  createdAt: T0,
  updatedAt: T0,
  ...over,
});

/** The non-zero stages, as "stage:count/stuck". */
const shown = (funnel: FunnelCount[]): string[] =>
  funnel.filter((f) => f.count > 0 || f.stuck > 0).map((f) => `${f.stage}:${f.count}/${f.stuck}`);

/**
 * What every adapter's charts answer (see domain/ports/chart-store.ts). Everything is written
 * through the stores' own methods, so the memory adapter's running counts are exercised.
 */
export function describeChartContract(
  name: string,
  makeStores: () => Promise<Stores>,
  cleanup?: (s: Stores) => Promise<void>,
): void {
  describe(`chart store contract: ${name}`, () => {
    let stores: Stores;
    let suiteId: string;

    beforeEach(async () => {
      stores = await makeStores();
      suiteId = uid('suite');
    });

    afterEach(async () => {
      await (cleanup ? cleanup(stores) : stores.close());
    });

    /** An enterprise with an authorization and an app, and a rollout when given. */
    async function enterprise(
      over: { app?: Partial<App>; auth?: Partial<Authorization>; rollout?: Partial<Rollout> } = {},
    ) {
      const corpId = uid('corp');
      await stores.authorizations.create(auth(suiteId, corpId, over.auth));
      await stores.apps.create(app(suiteId, corpId, over.app));
      if (over.rollout) await stores.rollouts.create(rollout(suiteId, corpId, over.rollout));
      return corpId;
    }

    it('counts customers’ apps by funnel stage, leaving out test enterprises and cancelled authorizations', async () => {
      await enterprise();
      await enterprise({ app: { status: 'in_review' } });
      await enterprise({ app: { status: 'enabled' }, rollout: {} });
      await enterprise({ app: { status: 'enabled' }, rollout: { stageIndex: 0 } });
      await enterprise({ app: { status: 'enabled' }, rollout: { stageIndex: 2, state: 'completed' } });
      await enterprise({ auth: { test: true } });
      await enterprise({ auth: { state: 'cancelled' } });
      const funnel = await stores.charts.funnel(at(10));
      expect(funnel.map((f) => f.stage)).toEqual([
        'developing',
        'in_review',
        'approved',
        'enabled',
        'members',
        'departments',
        'company',
      ]);
      expect(shown(funnel)).toEqual([
        'developing:1/0',
        'in_review:1/0',
        'enabled:1/0',
        'members:1/0',
        'company:1/0',
      ]);
    });

    it('follows transitions, rollouts moving on, test marks and cancellations', async () => {
      const a = await enterprise();
      const b = await enterprise({ app: { status: 'enabled' }, rollout: {} });
      await stores.apps.transition(suiteId, a, ['developing'], 'in_review', 'support', at(1));
      await stores.rollouts.update(suiteId, b, { stageIndex: 1 }, at(1));
      expect(shown(await stores.charts.funnel(at(2)))).toEqual(['in_review:1/0', 'departments:1/0']);
      await stores.authorizations.update(suiteId, a, { test: true }, at(3));
      await stores.authorizations.cancel(suiteId, b, at(3));
      expect(shown(await stores.charts.funnel(at(4)))).toEqual([]);
      await stores.authorizations.update(suiteId, a, { test: false }, at(5));
      await stores.authorizations.update(suiteId, b, { state: 'active' }, at(5));
      expect(shown(await stores.charts.funnel(at(6)))).toEqual(['in_review:1/0', 'departments:1/0']);
    });

    it('marks as stuck what isStuck holds stuck at the time asked, forward and back', async () => {
      const overdue = { nextReminderAt: at(60), history: [{ at: T0, what: 'started' }] };
      await enterprise({ app: { status: 'enabled' }, rollout: { stageIndex: 0, ...overdue } });
      await enterprise({ app: { status: 'enabled' }, rollout: { stageIndex: 0, state: 'escalated' } });
      await enterprise({
        app: { status: 'enabled' },
        rollout: { stageIndex: 0, state: 'paused', ...overdue },
      });
      const quiet = await enterprise({ app: { status: 'enabled' }, rollout: { stageIndex: 1 } });
      // The reminder is overdue by more than an hour only after minute 120.
      expect(shown(await stores.charts.funnel(at(120)))).toEqual(['members:3/1', 'departments:1/0']);
      expect(shown(await stores.charts.funnel(at(121)))).toEqual(['members:3/2', 'departments:1/0']);
      // Thirty days without progress.
      expect(shown(await stores.charts.funnel(new Date(T0.getTime() + 30 * DAY + MINUTE)))).toEqual([
        'members:3/2',
        'departments:1/1',
      ]);
      expect(shown(await stores.charts.funnel(at(30)))).toEqual(['members:3/1', 'departments:1/0']);
      await stores.rollouts.update(suiteId, quiet, { state: 'escalated' }, at(31));
      expect(shown(await stores.charts.funnel(at(32)))).toEqual(['members:3/1', 'departments:1/1']);
    });

    it('counts days from the app’s start to enabled, customers only, cancelled ones kept', async () => {
      const soon = await enterprise();
      await stores.apps.transition(suiteId, soon, ['developing'], 'enabled', 'wecom', at(60));
      await enterprise({
        app: { status: 'enabled', enabledAt: new Date(T0.getTime() + 3 * DAY + 5 * MINUTE) },
      });
      await enterprise({ app: { status: 'enabled', enabledAt: new Date(T0.getTime() + 3.5 * DAY) } });
      await enterprise({ auth: { state: 'cancelled' }, app: { status: 'enabled', enabledAt: at(5) } });
      await enterprise({ auth: { test: true }, app: { status: 'enabled', enabledAt: at(5) } });
      await enterprise();
      const days = await stores.charts.daysToEnabled();
      expect([...days].sort((x, y) => x.days - y.days)).toEqual([
        { days: 0, count: 2 },
        { days: 3, count: 2 },
      ]);
    });

    it('counts permission requests filed in the window by their state now', async () => {
      const a = await enterprise();
      const test = await enterprise({ auth: { test: true } });
      const file = (corpId: string, minutes: number) =>
        stores.permissionRequests.file({
          id: uid('pr'),
          suiteId,
          corpId,
          requested: ['contact:read'],
          previous: [],
          filedBy: 'support',
          raisedCount: 1,
          history: [],
          createdAt: at(minutes),
        });
      await file(a, -1);
      const first = await file(a, 0);
      await file(a, 10);
      const third = await file(a, 20);
      await stores.permissionRequests.settle(third.request.id, {
        to: 'declined',
        from: ['pending'],
        at: at(21),
        entry: { at: at(21), what: 'declined' },
      });
      await file(a, 24 * 60);
      await file(test, 5);
      expect(first.superseded).toBeDefined();
      expect(await stores.charts.requestOutcomes(at(0), at(24 * 60))).toEqual({
        pending: 0,
        granted: 0,
        declined: 1,
        superseded: 2,
      });
      await stores.authorizations.update(suiteId, test, { test: false }, at(30));
      expect(await stores.charts.requestOutcomes(at(0), at(24 * 60 + 15))).toEqual({
        pending: 2,
        granted: 0,
        declined: 1,
        superseded: 2,
      });
    });

    it('counts messages to customers sent and failed in each interval', async () => {
      const a = await enterprise();
      const test = await enterprise({ auth: { test: true } });
      const send = async (
        corpId: string | undefined,
        minutes: number,
        outcome: 'sent' | 'failed' | 'retry',
      ) => {
        const { message } = await stores.outbox.enqueue(
          {
            dedupeKey: uid('dk'),
            channel: corpId ? 'app' : 'support',
            ...(corpId ? { suiteId, corpId } : {}),
            payload: { msgtype: 'text' },
            topic: 'enabled_card',
            notBefore: at(minutes),
          },
          at(minutes),
        );
        const owner = uid('owner');
        const [claimed] = await stores.outbox.claimDue({
          owner,
          now: at(minutes),
          leaseMs: MINUTE,
          limit: 1,
        });
        expect(claimed?.id).toBe(message.id);
        if (outcome === 'sent') await stores.outbox.markSent(message.id, owner, {}, at(minutes));
        if (outcome === 'failed')
          await stores.outbox.markFailed(message.id, owner, { error: 'x' }, at(minutes));
        if (outcome === 'retry')
          await stores.outbox.markRetry(
            message.id,
            owner,
            { error: 'x', notBefore: at(9999), countAttempt: true },
            at(minutes),
          );
      };
      await send(a, 1, 'sent');
      await send(a, 2, 'sent');
      await send(a, 3, 'failed');
      await send(a, 3, 'retry');
      await send(a, 70, 'failed');
      await send(a, 200, 'sent');
      await send(test, 4, 'sent');
      await send(undefined, 5, 'sent');
      expect(await stores.charts.messageOutcomes([at(0), at(60), at(120), at(180)])).toEqual([
        { sent: 2, failed: 1 },
        { sent: 0, failed: 1 },
        { sent: 0, failed: 0 },
      ]);
      expect(await stores.charts.messageOutcomes([at(0)])).toEqual([]);
      // The retention purge forgets finished messages; the chart counts what the outbox keeps.
      await stores.outbox.purgeFinished(at(2));
      expect(await stores.charts.messageOutcomes([at(0), at(60), at(120), at(180)])).toEqual([
        { sent: 1, failed: 1 },
        { sent: 0, failed: 1 },
        { sent: 0, failed: 0 },
      ]);
    });
  });
}
