import { randomUUID } from 'node:crypto';
import type { App, Authorization, Lease, Rollout, Template } from '../../src/domain/model';
import { isStuck } from '../../src/domain/rollout/is-stuck';
import type {
  Claim,
  CountedGroup,
  NewInboundEvent,
  NewOutboxMessage,
  NewPermissionRequest,
  Stores,
} from '../../src/domain/ports/stores';

const T0 = new Date('2026-01-05T02:00:00Z');
const MINUTE = 60_000;
/** T0 plus some minutes; every test moves time by passing it, never by sleeping. */
const at = (minutes: number): Date => new Date(T0.getTime() + minutes * MINUTE);
/** Ids unique per test, so the suite also holds against a database that was not emptied. */
const uid = (prefix: string): string => `${prefix}-${randomUUID().slice(0, 8)}`;

const claimAt = (owner: string, minutes: number, limit = 100, leaseMinutes = 5): Claim => ({
  owner,
  now: at(minutes),
  leaseMs: leaseMinutes * MINUTE,
  limit,
});

function authorization(suiteId: string, corpId: string, over: Partial<Authorization> = {}): Authorization {
  return {
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
  };
}

function app(suiteId: string, corpId: string, over: Partial<App> = {}): App {
  return {
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
  };
}

const DAY_MINUTES = 24 * 60;
const progress = (minutes: number) => ({ at: at(minutes), by: 'system', what: 'advanced' });

/** Rollouts on both sides of what isStuck calls stuck at day 40: three of them are. */
function stuckCases(): Rollout[] {
  const day = DAY_MINUTES;
  return [
    rollout('s', uid('escalated'), { state: 'escalated' }),
    rollout('s', uid('overdue'), { nextReminderAt: at(0) }),
    rollout('s', uid('on-time'), { nextReminderAt: at(40 * day), history: [progress(35 * day)] }),
    rollout('s', uid('stalled'), { history: [progress(1)] }),
    rollout('s', uid('moving'), { history: [progress(1), progress(35 * day)] }),
    rollout('s', uid('paused'), { state: 'paused', nextReminderAt: at(0) }),
  ];
}

function rollout(suiteId: string, corpId: string, over: Partial<Rollout> = {}): Rollout {
  return {
    suiteId,
    corpId,
    plan: [
      { name: 'pilot', reach: 'members', waitMinutes: 60 },
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
  };
}

function permissionRequest(
  suiteId: string,
  corpId: string,
  over: Partial<NewPermissionRequest> = {},
): NewPermissionRequest {
  return {
    id: uid('pr'),
    suiteId,
    corpId,
    requested: ['contact:read'],
    previous: [],
    filedBy: 'support:alice',
    raisedCount: 1,
    history: [],
    createdAt: T0,
    ...over,
  };
}

function outboxMessage(corpId: string, over: Partial<NewOutboxMessage> = {}): NewOutboxMessage {
  return {
    dedupeKey: uid('dk'),
    channel: 'app',
    suiteId: 'suite-x',
    corpId,
    payload: { touser: 'admin1', msgtype: 'text', text: { content: '你好 hello' } },
    topic: 'enabled_card',
    ...over,
  };
}

function inbound(key: string, over: Partial<NewInboundEvent> = {}): NewInboundEvent {
  return {
    key,
    kind: 'text',
    suiteId: 'suite-x',
    corpId: 'corp-x',
    event: { Content: '状态' },
    receivedAt: T0,
    expiresAt: at(60),
    ...over,
  };
}

/**
 * Two "instances" claim concurrently until nothing is left. Returns, for each claimed id, the
 * owners that got it; each id must appear once with one owner.
 */
async function drainConcurrently<T>(
  claim: (owner: string) => Promise<T[]>,
  idOf: (item: T) => string,
): Promise<Map<string, string[]>> {
  const owners = new Map<string, string[]>();
  const drain = async (owner: string): Promise<void> => {
    for (;;) {
      const got = await claim(owner);
      if (got.length === 0) return;
      for (const item of got) owners.set(idOf(item), [...(owners.get(idOf(item)) ?? []), owner]);
    }
  };
  await Promise.all([drain('instance-a'), drain('instance-b')]);
  return owners;
}

function expectEachClaimedOnce(owners: Map<string, string[]>, ids: string[]): void {
  expect([...owners.keys()].sort()).toEqual([...ids].sort());
  for (const [, who] of owners) expect(who).toHaveLength(1);
}

const leaseOf = (owner: string, minutes: number, leaseMinutes = 5): Lease => ({
  owner,
  until: at(minutes + leaseMinutes),
});

/**
 * The behaviour every store adapter must show. `makeStores` is called before each test and must
 * return stores holding no data (a fresh database, or emptied collections): claims and counts are
 * global, so leftovers from another test would change what a claim returns. `cleanup` runs after
 * each test (drop the database, close the connection); without it the stores are closed.
 */
export function describeStoreContract(
  name: string,
  makeStores: () => Promise<Stores>,
  cleanup?: (s: Stores) => Promise<void>,
): void {
  describe(`store contract: ${name}`, () => {
    let stores: Stores;
    let suiteId: string;

    beforeEach(async () => {
      stores = await makeStores();
      suiteId = uid('suite');
    });

    afterEach(async () => {
      await (cleanup ? cleanup(stores) : stores.close());
    });

    it('answers ping', async () => {
      await expect(stores.ping()).resolves.toBeUndefined();
    });

    describe('templates', () => {
      const template = (over: Partial<Template> = {}): Template => ({
        suiteId,
        name: '巡检',
        status: 'created',
        statusHistory: [],
        createdAt: at(0),
        updatedAt: at(0),
        ...over,
      });

      it('records a template once, in any state, and updates its name and QR code', async () => {
        const online = template({ status: 'online', qrCode: 'https://qr.example/a.png' });
        expect(await stores.templates.create(online)).toBe('created');
        expect(await stores.templates.create(template({ name: 'other' }))).toBe('exists');
        expect(await stores.templates.get(suiteId)).toEqual(online);
        const renamed = await stores.templates.update(
          suiteId,
          { name: '巡检助手', qrCode: 'qr/b.png' },
          at(5),
        );
        expect(renamed).toEqual({ ...online, name: '巡检助手', qrCode: 'qr/b.png', updatedAt: at(5) });
        expect(await stores.templates.list()).toEqual([renamed]);
        expect(await stores.templates.update(uid('suite'), { name: 'x' }, at(5))).toBeUndefined();
        expect(await stores.templates.get(uid('suite'))).toBeUndefined();
      });

      it('moves the status only from the states given, recording each move', async () => {
        await stores.templates.create(template());
        expect(
          await stores.templates.transition(suiteId, ['approved'], 'online', 'a', at(1)),
        ).toBeUndefined();
        await stores.templates.transition(suiteId, ['created'], 'in_review', 'a', at(1));
        const moved = await stores.templates.transition(suiteId, ['in_review'], 'created', 'b', at(2));
        expect(moved).toEqual(
          template({
            status: 'created',
            updatedAt: at(2),
            statusHistory: [
              { from: 'created', to: 'in_review', at: at(1), by: 'a' },
              { from: 'in_review', to: 'created', at: at(2), by: 'b' },
            ],
          }),
        );
        expect(await stores.templates.get(suiteId)).toEqual(moved);
        expect(
          await stores.templates.transition(uid('suite'), ['created'], 'in_review', 'a', at(1)),
        ).toBeUndefined();
      });

      it('lets one of two racing moves through', async () => {
        await stores.templates.create(template({ status: 'in_review' }));
        const results = await Promise.all([
          stores.templates.transition(suiteId, ['in_review'], 'approved', 'a', at(1)),
          stores.templates.transition(suiteId, ['in_review'], 'created', 'b', at(1)),
        ]);
        expect(results.filter(Boolean)).toHaveLength(1);
        expect((await stores.templates.get(suiteId))?.statusHistory).toHaveLength(1);
      });
    });

    describe('authorizations', () => {
      it('holds one authorization per template and enterprise', async () => {
        const corpId = uid('corp');
        expect(await stores.authorizations.create(authorization(suiteId, corpId))).toBe('created');
        expect(await stores.authorizations.create(authorization(suiteId, corpId, { corpName: 'x' }))).toBe(
          'exists',
        );
        expect(await stores.authorizations.create(authorization(uid('suite'), corpId))).toBe('created');
        expect(await stores.authorizations.get(suiteId, corpId)).toMatchObject({ corpName: '示例企业' });
      });

      it('answers exactly one of two concurrent creates', async () => {
        const corpId = uid('corp');
        const results = await Promise.all([
          stores.authorizations.create(authorization(suiteId, corpId)),
          stores.authorizations.create(authorization(suiteId, corpId)),
        ]);
        expect(results.sort()).toEqual(['created', 'exists']);
      });

      it('returns copies', async () => {
        const corpId = uid('corp');
        await stores.authorizations.create(authorization(suiteId, corpId));
        const got = (await stores.authorizations.get(suiteId, corpId))!;
        expect(got.createdAt).toBeInstanceOf(Date);
        got.admins.push('intruder');
        got.corpName = 'changed';
        expect(await stores.authorizations.get(suiteId, corpId)).toMatchObject({
          corpName: '示例企业',
          admins: ['admin1'],
        });
      });

      it('patches, and keeps cancelledAt in step with the state', async () => {
        const corpId = uid('corp');
        await stores.authorizations.create(authorization(suiteId, corpId));
        const cancelled = await stores.authorizations.update(
          suiteId,
          corpId,
          { state: 'cancelled', admins: ['a', 'b'] },
          at(1),
        );
        expect(cancelled).toMatchObject({ state: 'cancelled', admins: ['a', 'b'], cancelledAt: at(1) });
        expect(cancelled!.updatedAt).toEqual(at(1));
        const active = await stores.authorizations.update(suiteId, corpId, { state: 'active' }, at(2));
        expect(active).toMatchObject({ state: 'active', updatedAt: at(2) });
        expect(active!.cancelledAt).toBeUndefined();
        expect(
          await stores.authorizations.update(suiteId, uid('corp'), { corpName: 'x' }, at(3)),
        ).toBeUndefined();
      });

      it('keeps the test mark through other patches, and takes it off', async () => {
        const corpId = uid('corp');
        await stores.authorizations.create(authorization(suiteId, corpId));
        expect((await stores.authorizations.get(suiteId, corpId))!.test).toBeFalsy();
        expect(await stores.authorizations.update(suiteId, corpId, { test: true }, at(1))).toMatchObject({
          test: true,
          updatedAt: at(1),
        });
        await stores.authorizations.update(suiteId, corpId, { admins: ['a'] }, at(2));
        expect(await stores.authorizations.get(suiteId, corpId)).toMatchObject({ test: true, admins: ['a'] });
        await stores.authorizations.update(suiteId, corpId, { test: false }, at(3));
        expect((await stores.authorizations.get(suiteId, corpId))!.test).toBe(false);
      });

      it('keeps the locale through other patches, and changes it', async () => {
        const corpId = uid('corp');
        await stores.authorizations.create(authorization(suiteId, corpId));
        expect((await stores.authorizations.get(suiteId, corpId))!.locale).toBeUndefined();
        await stores.authorizations.update(suiteId, corpId, { locale: 'en' }, at(1));
        await stores.authorizations.update(suiteId, corpId, { admins: ['a'] }, at(2));
        expect(await stores.authorizations.get(suiteId, corpId)).toMatchObject({
          locale: 'en',
          admins: ['a'],
        });
        await stores.authorizations.update(suiteId, corpId, { locale: 'zh-CN' }, at(3));
        expect((await stores.authorizations.get(suiteId, corpId))!.locale).toBe('zh-CN');
      });

      it('cancels only an active authorization', async () => {
        const corpId = uid('corp');
        await stores.authorizations.create(authorization(suiteId, corpId));
        expect(await stores.authorizations.cancel(suiteId, corpId, at(1))).toBe(true);
        expect(await stores.authorizations.cancel(suiteId, corpId, at(2))).toBe(false);
        expect(await stores.authorizations.get(suiteId, corpId)).toMatchObject({
          state: 'cancelled',
          cancelledAt: at(1),
        });
        expect(await stores.authorizations.cancel(suiteId, uid('corp'), at(3))).toBe(false);
      });

      it('lists by suite, corp and state', async () => {
        const [c1, c2] = [uid('corp'), uid('corp')];
        const other = uid('suite');
        await stores.authorizations.create(authorization(suiteId, c1));
        await stores.authorizations.create(authorization(suiteId, c2, { state: 'cancelled' }));
        await stores.authorizations.create(authorization(other, c1));
        const corpsOf = async (f: Parameters<Stores['authorizations']['list']>[0]) =>
          (await stores.authorizations.list(f)).map((a) => `${a.suiteId}/${a.corpId}`).sort();
        expect(await corpsOf({ suiteId })).toEqual([`${suiteId}/${c1}`, `${suiteId}/${c2}`].sort());
        expect(await corpsOf({ corpId: c1 })).toEqual([`${other}/${c1}`, `${suiteId}/${c1}`].sort());
        expect(await corpsOf({ suiteId, state: 'active' })).toEqual([`${suiteId}/${c1}`]);
        expect(await corpsOf(undefined)).toHaveLength(3);
      });

      it('lists the test enterprises by their mark, as it is set and taken off', async () => {
        const [c1, c2] = [uid('corp'), uid('corp')];
        await stores.authorizations.create(authorization(suiteId, c1));
        await stores.authorizations.create(authorization(suiteId, c2));
        await stores.authorizations.update(suiteId, c1, { test: true }, at(1));
        const corpsOf = async (test: boolean) =>
          (await stores.authorizations.list({ suiteId, test })).map((a) => a.corpId).sort();
        expect(await corpsOf(true)).toEqual([c1]);
        expect(await corpsOf(false)).toEqual([c2]);
        await stores.authorizations.update(suiteId, c1, { test: false }, at(2));
        expect(await corpsOf(true)).toEqual([]);
      });

      it('reads every authorization newest first, then by corp and template id', async () => {
        const tag = uid('corp');
        const [a, b] = [`${tag}-a`, `${tag}-b`];
        const other = uid('suite');
        await stores.authorizations.create(authorization(suiteId, a, { createdAt: at(1) }));
        await stores.authorizations.create(authorization(suiteId, b, { createdAt: at(3) }));
        await stores.authorizations.create(authorization(other, b, { createdAt: at(3) }));
        await stores.authorizations.create(authorization(other, a, { createdAt: at(3) }));
        const order: string[] = [];
        for await (const x of stores.authorizations.newestFirst()) {
          if (x.corpId.startsWith(tag)) order.push(`${x.corpId}/${x.suiteId}`);
        }
        const bySuite = [suiteId, other].sort().map((s) => `${b}/${s}`);
        expect(order).toEqual([`${a}/${other}`, ...bySuite, `${a}/${suiteId}`]);
      });
    });

    describe('apps', () => {
      it('replaces an app with a new one, keeping the old one as history', async () => {
        const corpId = uid('corp');
        await stores.apps.create(
          app(suiteId, corpId, {
            agentId: 7,
            status: 'enabled',
            enabledAt: at(1),
            publishStatus: 2,
            effectivePermissions: ['calendar'],
            visibility: { users: ['u1'], parties: [], tags: [] },
          }),
        );
        const previous = {
          agentId: 7,
          name: '巡检助手',
          status: 'enabled' as const,
          effectivePermissions: ['calendar'],
          createdAt: T0,
          replacedAt: at(5),
        };
        const fresh = app(suiteId, corpId, {
          agentId: 8,
          nextPollAt: at(5),
          createdAt: at(5),
          updatedAt: at(5),
        });
        const replaced = await stores.apps.replace(fresh, previous);
        expect(replaced).toEqual({ ...fresh, previousApps: [previous] });
        expect(await stores.apps.get(suiteId, corpId)).toEqual(replaced);
        const again = await stores.apps.replace({ ...fresh, agentId: 9 }, { ...previous, agentId: 8 });
        expect(again?.previousApps?.map((p) => p.agentId)).toEqual([7, 8]);
        expect(await stores.apps.replace(app(suiteId, uid('corp')), previous)).toBeUndefined();
      });

      it('holds one app per template and enterprise', async () => {
        const corpId = uid('corp');
        expect(await stores.apps.create(app(suiteId, corpId))).toBe('created');
        expect(await stores.apps.create(app(suiteId, corpId, { name: 'other' }))).toBe('exists');
        expect(await stores.apps.get(suiteId, corpId)).toMatchObject({ name: '巡检助手' });
        expect(await stores.apps.list({ suiteId })).toHaveLength(1);
      });

      it('transitions only from the given statuses, recording each change', async () => {
        const corpId = uid('corp');
        await stores.apps.create(app(suiteId, corpId));
        expect(
          await stores.apps.transition(suiteId, corpId, ['in_review'], 'approved', 'x', at(1)),
        ).toBeUndefined();
        expect(await stores.apps.get(suiteId, corpId)).toMatchObject({
          status: 'developing',
          statusHistory: [],
        });

        const moved = await stores.apps.transition(
          suiteId,
          corpId,
          ['developing'],
          'in_review',
          'support:bob',
          at(1),
        );
        expect(moved).toMatchObject({
          status: 'in_review',
          updatedAt: at(1),
          statusHistory: [{ from: 'developing', to: 'in_review', at: at(1), by: 'support:bob' }],
        });
        expect(moved!.enabledAt).toBeUndefined();
        expect(await stores.apps.list({ status: 'in_review' })).toHaveLength(1);
      });

      it('sets enabledAt on entering enabled, the first time only', async () => {
        const corpId = uid('corp');
        await stores.apps.create(app(suiteId, corpId));
        await stores.apps.transition(suiteId, corpId, ['developing'], 'enabled', 'poll', at(1));
        await stores.apps.transition(suiteId, corpId, ['enabled'], 'developing', 'support', at(2));
        const again = await stores.apps.transition(suiteId, corpId, ['developing'], 'enabled', 'poll', at(3));
        expect(again).toMatchObject({ status: 'enabled', enabledAt: at(1) });
        expect(again!.statusHistory.map((c) => c.to)).toEqual(['enabled', 'developing', 'enabled']);
      });

      it('lets exactly one of two concurrent transitions from the same status win', async () => {
        const corpId = uid('corp');
        await stores.apps.create(app(suiteId, corpId));
        const results = await Promise.all([
          stores.apps.transition(suiteId, corpId, ['developing'], 'in_review', 'a', at(1)),
          stores.apps.transition(suiteId, corpId, ['developing'], 'in_review', 'b', at(1)),
        ]);
        expect(results.filter((r) => r !== undefined)).toHaveLength(1);
        expect((await stores.apps.get(suiteId, corpId))!.statusHistory).toHaveLength(1);
      });

      it('patches, clearing fields given as undefined', async () => {
        const corpId = uid('corp');
        await stores.apps.create(app(suiteId, corpId, { nextPollAt: at(5) }));
        const patched = await stores.apps.update(
          suiteId,
          corpId,
          { agentId: 1000002, configuration: { callbackUrl: 'https://x.example/cb' }, nextPollAt: undefined },
          at(1),
        );
        expect(patched).toMatchObject({
          agentId: 1000002,
          configuration: { callbackUrl: 'https://x.example/cb' },
          updatedAt: at(1),
        });
        expect(patched!.nextPollAt).toBeUndefined();
        expect((await stores.apps.get(suiteId, corpId))!.nextPollAt).toBeUndefined();
        expect(await stores.apps.update(suiteId, uid('corp'), { name: 'x' }, at(1))).toBeUndefined();
      });

      it('claims due polls oldest first, up to the limit, leasing them', async () => {
        const corps = [uid('c'), uid('c'), uid('c'), uid('c'), uid('c')];
        await stores.apps.create(app(suiteId, corps[0], { nextPollAt: at(3) }));
        await stores.apps.create(app(suiteId, corps[1], { nextPollAt: at(1) }));
        await stores.apps.create(app(suiteId, corps[2], { nextPollAt: at(2) }));
        await stores.apps.create(app(suiteId, corps[3], { nextPollAt: at(11) })); // not due
        await stores.apps.create(app(suiteId, corps[4])); // not polled

        const first = await stores.apps.claimDuePolls(claimAt('a', 10, 2));
        expect(first.map((a) => a.corpId)).toEqual([corps[1], corps[2]]);
        for (const a of first) expect(a.lease).toEqual(leaseOf('a', 10));
        const rest = await stores.apps.claimDuePolls(claimAt('b', 10, 10));
        expect(rest.map((a) => a.corpId)).toEqual([corps[0]]);
        expect(await stores.apps.claimDuePolls(claimAt('c', 10))).toEqual([]);
      });

      it('keeps a live lease from everyone and frees an expired one', async () => {
        const corpId = uid('corp');
        await stores.apps.create(app(suiteId, corpId, { nextPollAt: at(0) }));
        expect(await stores.apps.claimDuePolls(claimAt('a', 1))).toHaveLength(1);
        expect(await stores.apps.claimDuePolls(claimAt('b', 2))).toEqual([]);
        expect(await stores.apps.claimDuePolls(claimAt('a', 2))).toEqual([]);
        const retaken = await stores.apps.claimDuePolls(claimAt('b', 6));
        expect(retaken.map((a) => a.lease)).toEqual([leaseOf('b', 6)]);
        // 'a' lost the lease: its release is refused and does not disturb 'b'.
        expect(await stores.apps.releasePoll(suiteId, corpId, 'a', at(60))).toBe(false);
        expect((await stores.apps.get(suiteId, corpId))!.lease).toEqual(leaseOf('b', 6));
      });

      it('releases a poll only for the lease owner, setting or stopping the next poll', async () => {
        const [c1, c2] = [uid('corp'), uid('corp')];
        await stores.apps.create(app(suiteId, c1, { nextPollAt: at(0) }));
        await stores.apps.create(app(suiteId, c2, { nextPollAt: at(0) }));
        await stores.apps.claimDuePolls(claimAt('a', 1));
        expect(await stores.apps.releasePoll(suiteId, c1, 'b', at(30))).toBe(false);
        expect(await stores.apps.releasePoll(suiteId, c1, 'a', at(30))).toBe(true);
        expect(await stores.apps.releasePoll(suiteId, c1, 'a', at(30))).toBe(false);
        // Even after its lease expired, the owner may release until someone else claims.
        expect(await stores.apps.releasePoll(suiteId, c2, 'a', undefined)).toBe(true);
        const [a1, a2] = [await stores.apps.get(suiteId, c1), await stores.apps.get(suiteId, c2)];
        expect(a1!.nextPollAt).toEqual(at(30));
        expect(a1!.lease).toBeUndefined();
        expect(a2!.nextPollAt).toBeUndefined();
        expect(a2!.lease).toBeUndefined();
        expect((await stores.apps.claimDuePolls(claimAt('c', 29))).map((a) => a.corpId)).toEqual([]);
        expect((await stores.apps.claimDuePolls(claimAt('c', 30))).map((a) => a.corpId)).toEqual([c1]);
      });

      it('gives each due app to exactly one of two concurrent instances', async () => {
        const corps = Array.from({ length: 25 }, () => uid('corp'));
        for (const [i, corpId] of corps.entries()) {
          await stores.apps.create(app(suiteId, corpId, { nextPollAt: at(-i) }));
        }
        const owners = await drainConcurrently(
          (owner) => stores.apps.claimDuePolls(claimAt(owner, 0, 3)),
          (a) => a.corpId,
        );
        expectEachClaimedOnce(owners, corps);
      });
    });

    describe('permission requests', () => {
      it('files a pending request with a filed entry', async () => {
        const corpId = uid('corp');
        const req = permissionRequest(suiteId, corpId);
        const { request, superseded } = await stores.permissionRequests.file(req);
        expect(superseded).toBeUndefined();
        expect(request).toMatchObject({ id: req.id, state: 'pending', raisedCount: 1, updatedAt: T0 });
        expect(request.history).toEqual([expect.objectContaining({ what: 'filed', at: T0 })]);
        expect(await stores.permissionRequests.get(req.id)).toEqual(request);
        expect(await stores.permissionRequests.list({ suiteId, corpId, state: 'pending' })).toEqual([
          request,
        ]);
      });

      it('supersedes every pending request of an app that was replaced, and only those', async () => {
        const corpId = uid('corp');
        const pending = permissionRequest(suiteId, corpId, { nextActionAt: at(30) });
        await stores.permissionRequests.file(pending);
        const elsewhere = permissionRequest(uid('suite'), corpId);
        await stores.permissionRequests.file(elsewhere);
        const entry = { at: at(2), what: 'superseded', by: 'wecom:create_auth', detail: 'new app' };
        const closed = await stores.permissionRequests.supersedeAll(suiteId, corpId, entry);
        expect(closed).toEqual([
          expect.objectContaining({ id: pending.id, state: 'superseded', updatedAt: at(2) }),
        ]);
        expect(closed[0]!.nextActionAt).toBeUndefined();
        expect(closed[0]!.history.at(-1)).toEqual(entry);
        expect(await stores.permissionRequests.get(pending.id)).toEqual(closed[0]);
        expect((await stores.permissionRequests.get(elsewhere.id))?.state).toBe('pending');
        expect(await stores.permissionRequests.supersedeAll(suiteId, corpId, entry)).toEqual([]);
      });

      it('supersedes the pending request of the same app when a new one is filed', async () => {
        const corpId = uid('corp');
        const first = permissionRequest(suiteId, corpId, { nextActionAt: at(30) });
        await stores.permissionRequests.file(first);
        const other = permissionRequest(uid('suite'), corpId);
        await stores.permissionRequests.file(other);
        const second = permissionRequest(suiteId, corpId, { createdAt: at(5), requested: ['calendar'] });
        const { request, superseded } = await stores.permissionRequests.file(second);

        expect(request).toMatchObject({ id: second.id, state: 'pending' });
        expect(superseded).toMatchObject({ id: first.id, state: 'superseded', supersededBy: second.id });
        expect(superseded!.nextActionAt).toBeUndefined();
        expect(superseded!.history.map((h) => h.what)).toEqual(['filed', 'superseded']);
        expect(await stores.permissionRequests.get(first.id)).toEqual(superseded);
        expect(await stores.permissionRequests.list({ suiteId, corpId, state: 'pending' })).toEqual([
          request,
        ]);
        // Another template's request in the same enterprise is untouched.
        expect(await stores.permissionRequests.get(other.id)).toMatchObject({ state: 'pending' });
        // Nothing follows up a superseded request.
        expect(await stores.permissionRequests.claimDueActions(claimAt('a', 60))).toEqual([]);
      });

      it('keeps one pending request when two are filed concurrently', async () => {
        const corpId = uid('corp');
        await Promise.all([
          stores.permissionRequests.file(permissionRequest(suiteId, corpId)),
          stores.permissionRequests.file(permissionRequest(suiteId, corpId)),
        ]);
        expect(await stores.permissionRequests.list({ suiteId, corpId, state: 'pending' })).toHaveLength(1);
        expect(await stores.permissionRequests.list({ suiteId, corpId, state: 'superseded' })).toHaveLength(
          1,
        );
      });

      it('records the first answer only while pending; a second answer sees the first', async () => {
        const corpId = uid('corp');
        const req = permissionRequest(suiteId, corpId);
        await stores.permissionRequests.file(req);
        const answer = { answer: 'approve' as const, by: 'admin1', via: 'button' as const, at: at(1) };
        const first = await stores.permissionRequests.answer(req.id, answer, at(10));
        expect(first.answered).toBe(true);
        // The answer is the admin's intent: the state stays WeCom's (pending).
        expect(first.request).toMatchObject({
          state: 'pending',
          answer,
          nextActionAt: at(10),
          updatedAt: at(1),
        });
        expect(first.request!.history.map((h) => h.what)).toEqual(['filed', 'answered_approve']);

        const second = await stores.permissionRequests.answer(
          req.id,
          { answer: 'not_now', by: 'admin2', via: 'text', at: at(2) },
          undefined,
        );
        expect(second.answered).toBe(false);
        expect(second.request).toMatchObject({ state: 'pending', answer, nextActionAt: at(10) });
        expect(await stores.permissionRequests.list({ suiteId, corpId, state: 'pending' })).toMatchObject([
          { id: req.id },
        ]);
        expect(await stores.permissionRequests.answer(uid('pr'), answer, undefined)).toEqual({
          answered: false,
        });
      });

      it('lists the pending requests left unanswered since a moment, or approved and not in effect', async () => {
        const file = async (createdAt: Date, answer?: 'approve' | 'not_now') => {
          const req = permissionRequest(suiteId, uid('corp'), { createdAt });
          await stores.permissionRequests.file(req);
          if (answer)
            await stores.permissionRequests.answer(
              req.id,
              { answer, by: 'a', via: 'button', at: at(20) },
              undefined,
            );
          return req;
        };
        const oldRequest = await file(at(0));
        const old = oldRequest.id;
        const fresh = (await file(at(10))).id;
        const approved = (await file(at(10), 'approve')).id;
        const notNow = (await file(at(0), 'not_now')).id;
        const replaced = permissionRequest(suiteId, uid('corp'), { createdAt: at(0) });
        await stores.permissionRequests.file(replaced);
        await stores.permissionRequests.file(
          permissionRequest(suiteId, replaced.corpId, { createdAt: at(9) }),
        );
        const mine = new Set([old, fresh, approved, notNow, replaced.id]);
        const waiting = (await stores.permissionRequests.listWaiting(at(5))).filter((r) => mine.has(r.id));
        expect(waiting.map((r) => r.id).sort()).toEqual([old, approved].sort());
        // Only what names each: its enterprise is ranked, then diagnosed from its own records.
        expect(waiting.find((r) => r.id === old)).toEqual({
          id: old,
          suiteId,
          corpId: oldRequest.corpId,
          createdAt: at(0),
        });
      });

      it('lets exactly one of two concurrent answers win', async () => {
        const req = permissionRequest(suiteId, uid('corp'));
        await stores.permissionRequests.file(req);
        const results = await Promise.all([
          stores.permissionRequests.answer(
            req.id,
            { answer: 'approve', by: 'a1', via: 'button', at: at(1) },
            undefined,
          ),
          stores.permissionRequests.answer(
            req.id,
            { answer: 'not_now', by: 'a2', via: 'text', at: at(1) },
            undefined,
          ),
        ]);
        expect(results.filter((r) => r.answered)).toHaveLength(1);
        const winner = results.find((r) => r.answered)!.request!;
        for (const r of results) expect(r.request).toMatchObject({ answer: winner.answer });
      });

      it('does not take an answer for a superseded request', async () => {
        const corpId = uid('corp');
        const first = permissionRequest(suiteId, corpId);
        await stores.permissionRequests.file(first);
        await stores.permissionRequests.file(permissionRequest(suiteId, corpId));
        const late = await stores.permissionRequests.answer(
          first.id,
          { answer: 'approve', by: 'admin1', via: 'button', at: at(1) },
          undefined,
        );
        expect(late).toMatchObject({ answered: false, request: { state: 'superseded' } });
      });

      it('settles only from the given states, with the evidence and a history entry', async () => {
        const req = permissionRequest(suiteId, uid('corp'));
        await stores.permissionRequests.file(req);
        const declined = await stores.permissionRequests.settle(req.id, {
          to: 'declined',
          from: ['pending'],
          at: at(2),
          nextActionAt: at(20),
          entry: { at: at(2), what: 'declined', detail: 'not granted in WeCom' },
        });
        expect(declined).toMatchObject({
          settled: true,
          request: { state: 'declined', nextActionAt: at(20) },
        });
        // A second decline finds it no longer pending.
        expect(
          await stores.permissionRequests.settle(req.id, {
            to: 'declined',
            from: ['pending'],
            at: at(3),
            entry: { at: at(3), what: 'declined' },
          }),
        ).toMatchObject({ settled: false, request: { state: 'declined', nextActionAt: at(20) } });
        const evidence = { kind: 'support' as const, at: at(4), by: 'support:bob' };
        const granted = await stores.permissionRequests.settle(req.id, {
          to: 'granted',
          from: ['pending', 'declined'],
          at: at(4),
          evidence,
          entry: { at: at(4), what: 'granted', by: 'support:bob', detail: 'support' },
        });
        expect(granted).toMatchObject({
          settled: true,
          request: { state: 'granted', evidence, updatedAt: at(4) },
        });
        expect(granted.request!.nextActionAt).toBeUndefined();
        expect(granted.request!.history.map((h) => h.what)).toEqual(['filed', 'declined', 'granted']);
        expect(
          await stores.permissionRequests.settle(uid('pr'), {
            to: 'granted',
            from: ['pending'],
            at: at(5),
            entry: { at: at(5), what: 'granted' },
          }),
        ).toEqual({ settled: false });
      });

      it('updates with a history entry', async () => {
        const req = permissionRequest(suiteId, uid('corp'));
        await stores.permissionRequests.file(req);
        const updated = await stores.permissionRequests.update(
          req.id,
          { raisedCount: 2, checkedAt: at(3) },
          at(3),
          { at: at(3), what: 'raised', by: 'scheduler' },
        );
        expect(updated).toMatchObject({
          raisedCount: 2,
          checkedAt: at(3),
          updatedAt: at(3),
        });
        expect(updated!.history.map((h) => h.what)).toEqual(['filed', 'raised']);
        expect(await stores.permissionRequests.update(uid('pr'), { raisedCount: 9 }, at(3))).toBeUndefined();
      });

      it('claims due follow-ups earliest first and releases them only for the owner', async () => {
        const reqs = [0, 1, 2].map(() => permissionRequest(suiteId, uid('corp')));
        for (const r of reqs) await stores.permissionRequests.file(r);
        const decline = (id: string, next: number) =>
          stores.permissionRequests.settle(id, {
            to: 'declined',
            from: ['pending'],
            at: at(1),
            nextActionAt: at(next),
            entry: { at: at(1), what: 'declined' },
          });
        await decline(reqs[0].id, 20);
        await stores.permissionRequests.answer(
          reqs[1].id,
          { answer: 'approve', by: 'admin', via: 'text', at: at(1) },
          at(10),
        );
        await decline(reqs[2].id, 90);

        expect(await stores.permissionRequests.claimDueActions(claimAt('a', 5))).toEqual([]);
        const claimed = await stores.permissionRequests.claimDueActions(claimAt('a', 30, 1));
        expect(claimed.map((r) => r.id)).toEqual([reqs[1].id]);
        expect(claimed[0].lease).toEqual(leaseOf('a', 30));
        expect((await stores.permissionRequests.claimDueActions(claimAt('b', 30))).map((r) => r.id)).toEqual([
          reqs[0].id,
        ]);
        expect(await stores.permissionRequests.claimDueActions(claimAt('c', 31))).toEqual([]);

        expect(await stores.permissionRequests.release(reqs[1].id, 'b', {}, at(31))).toBe(false);
        expect(
          await stores.permissionRequests.release(
            reqs[1].id,
            'a',
            { checkedAt: at(31), nextActionAt: undefined },
            at(31),
            { at: at(31), what: 'checked' },
          ),
        ).toBe(true);
        const released = (await stores.permissionRequests.get(reqs[1].id))!;
        expect(released).toMatchObject({ checkedAt: at(31), updatedAt: at(31) });
        expect(released.lease).toBeUndefined();
        expect(released.nextActionAt).toBeUndefined();
        expect(released.history.map((h) => h.what)).toEqual(['filed', 'answered_approve', 'checked']);

        // 'b' held reqs[0] until 35; after that another owner takes it and 'b' can no longer release.
        expect((await stores.permissionRequests.claimDueActions(claimAt('c', 36))).map((r) => r.id)).toEqual([
          reqs[0].id,
        ]);
        expect(await stores.permissionRequests.release(reqs[0].id, 'b', { raisedCount: 2 }, at(37))).toBe(
          false,
        );
        expect(await stores.permissionRequests.get(reqs[0].id)).toMatchObject({ raisedCount: 1 });
      });

      it('stops the follow-ups of one app', async () => {
        const corpId = uid('corp');
        const mine = [permissionRequest(suiteId, corpId), permissionRequest(suiteId, corpId)];
        const theirs = permissionRequest(suiteId, uid('corp'));
        for (const r of [...mine, theirs]) {
          await stores.permissionRequests.file(r);
          await stores.permissionRequests.settle(r.id, {
            to: 'declined',
            from: ['pending'],
            at: at(1),
            nextActionAt: at(10),
            entry: { at: at(1), what: 'declined' },
          });
        }
        expect(await stores.permissionRequests.stopFollowUps(suiteId, corpId, at(2))).toBe(2);
        expect(await stores.permissionRequests.stopFollowUps(suiteId, corpId, at(3))).toBe(0);
        expect((await stores.permissionRequests.claimDueActions(claimAt('a', 10))).map((r) => r.id)).toEqual([
          theirs.id,
        ]);
      });

      it('gives each due follow-up to exactly one of two concurrent instances', async () => {
        const ids: string[] = [];
        for (let i = 0; i < 25; i += 1) {
          const r = permissionRequest(suiteId, uid('corp'));
          ids.push(r.id);
          await stores.permissionRequests.file(r);
          await stores.permissionRequests.settle(r.id, {
            to: 'declined',
            from: ['pending'],
            at: at(0),
            nextActionAt: at(-i),
            entry: { at: at(0), what: 'declined' },
          });
        }
        const owners = await drainConcurrently(
          (owner) => stores.permissionRequests.claimDueActions(claimAt(owner, 0, 3)),
          (r) => r.id,
        );
        expectEachClaimedOnce(owners, ids);
      });
    });

    describe('rollouts', () => {
      it('holds one rollout per app', async () => {
        const corpId = uid('corp');
        expect(await stores.rollouts.create(rollout(suiteId, corpId))).toBe('created');
        expect(await stores.rollouts.create(rollout(suiteId, corpId, { stageIndex: 1 }))).toBe('exists');
        expect(await stores.rollouts.get(suiteId, corpId)).toMatchObject({ stageIndex: -1 });
      });

      it("keeps a stage's names per locale, and none where none were given", async () => {
        const corpId = uid('corp');
        const plan: Rollout['plan'] = [
          { name: '试点', names: { en: 'Pilot' }, reach: 'members', waitMinutes: 60 },
          { name: '全员', reach: 'company', waitMinutes: 0 },
        ];
        await stores.rollouts.create(rollout(suiteId, corpId, { plan }));
        expect((await stores.rollouts.get(suiteId, corpId))?.plan).toEqual(plan);
        const renamed: Rollout['plan'] = [{ ...plan[1]!, names: { 'zh-CN': '全员', en: 'Everyone' } }];
        await stores.rollouts.update(suiteId, corpId, { plan: renamed }, at(1));
        expect((await stores.rollouts.get(suiteId, corpId))?.plan).toEqual(renamed);
      });

      it('updates only in the given states', async () => {
        const corpId = uid('corp');
        await stores.rollouts.create(rollout(suiteId, corpId));
        const paused = await stores.rollouts.update(suiteId, corpId, { state: 'paused' }, at(1), {
          ifState: ['active'],
          entry: { at: at(1), what: 'paused', by: 'support:bob' },
        });
        expect(paused).toMatchObject({ state: 'paused', updatedAt: at(1), history: [{ what: 'paused' }] });
        expect(
          await stores.rollouts.update(suiteId, corpId, { state: 'completed' }, at(2), {
            ifState: ['active'],
          }),
        ).toBeUndefined();
        expect(await stores.rollouts.get(suiteId, corpId)).toMatchObject({
          state: 'paused',
          updatedAt: at(1),
        });
        const any = await stores.rollouts.update(suiteId, corpId, { state: 'active', unanswered: 2 }, at(3));
        expect(any).toMatchObject({ state: 'active', unanswered: 2, history: [{ what: 'paused' }] });
        expect(await stores.rollouts.update(suiteId, uid('corp'), { unanswered: 1 }, at(3))).toBeUndefined();
        expect(await stores.rollouts.list({ suiteId, state: 'active' })).toHaveLength(1);
      });

      it('records the first answer to a question only', async () => {
        const corpId = uid('corp');
        await stores.rollouts.create(rollout(suiteId, corpId));
        const answer = (by: string, question: number) => ({
          lastAnswer: { question, action: 'later' as const, card: 'enabled' as const, by, at: at(1) },
        });
        const first = await stores.rollouts.update(suiteId, corpId, answer('alice', 0), at(1), {
          ifQuestionOpen: 0,
        });
        expect(first?.lastAnswer).toEqual({
          question: 0,
          action: 'later',
          card: 'enabled',
          by: 'alice',
          at: at(1),
        });
        expect(
          await stores.rollouts.update(suiteId, corpId, answer('bob', 0), at(2), { ifQuestionOpen: 0 }),
        ).toBeUndefined();
        expect((await stores.rollouts.get(suiteId, corpId))?.lastAnswer?.by).toBe('alice');
        const next = await stores.rollouts.update(suiteId, corpId, answer('bob', 1), at(3), {
          ifState: ['active'],
          ifQuestionOpen: 1,
        });
        expect(next?.lastAnswer).toMatchObject({ question: 1, by: 'bob' });
        const cleared = await stores.rollouts.update(
          suiteId,
          corpId,
          { lastAnswer: undefined, round: 1 },
          at(4),
        );
        expect(cleared?.lastAnswer).toBeUndefined();
        expect(cleared?.round).toBe(1);
      });

      it('claims active rollouts with a due reminder, earliest first, up to the limit', async () => {
        const c = [uid('c'), uid('c'), uid('c'), uid('c'), uid('c')];
        await stores.rollouts.create(rollout(suiteId, c[0], { nextReminderAt: at(3) }));
        await stores.rollouts.create(rollout(suiteId, c[1], { nextReminderAt: at(1) }));
        await stores.rollouts.create(rollout(suiteId, c[2], { nextReminderAt: at(2) }));
        await stores.rollouts.create(rollout(suiteId, c[3], { nextReminderAt: at(1), state: 'paused' }));
        await stores.rollouts.create(rollout(suiteId, c[4], { nextReminderAt: at(20) }));
        const first = await stores.rollouts.claimDue(claimAt('a', 10, 2));
        expect(first.map((r) => r.corpId)).toEqual([c[1], c[2]]);
        expect(first.map((r) => r.lease)).toEqual([leaseOf('a', 10), leaseOf('a', 10)]);
        expect((await stores.rollouts.claimDue(claimAt('b', 10))).map((r) => r.corpId)).toEqual([c[0]]);
      });

      it('re-claims after the lease expires, and the former owner cannot release', async () => {
        const corpId = uid('corp');
        await stores.rollouts.create(rollout(suiteId, corpId, { nextReminderAt: at(0) }));
        expect(await stores.rollouts.claimDue(claimAt('a', 0))).toHaveLength(1);
        expect(await stores.rollouts.claimDue(claimAt('b', 4))).toEqual([]);
        expect(await stores.rollouts.claimDue(claimAt('b', 5))).toHaveLength(1);
        expect(await stores.rollouts.release(suiteId, corpId, 'a', { remindersSent: 1 }, at(6))).toBe(false);
        expect(
          await stores.rollouts.release(
            suiteId,
            corpId,
            'b',
            { remindersSent: 1, nextReminderAt: at(60) },
            at(6),
            {
              at: at(6),
              what: 'reminded',
            },
          ),
        ).toBe(true);
        const released = (await stores.rollouts.get(suiteId, corpId))!;
        expect(released).toMatchObject({ remindersSent: 1, nextReminderAt: at(60), updatedAt: at(6) });
        expect(released.lease).toBeUndefined();
        expect(released.history.map((h) => h.what)).toEqual(['reminded']);
        expect(await stores.rollouts.claimDue(claimAt('c', 59))).toEqual([]);
      });

      it('gives each due rollout to exactly one of two concurrent instances', async () => {
        const corps = Array.from({ length: 25 }, () => uid('corp'));
        for (const [i, corpId] of corps.entries()) {
          await stores.rollouts.create(rollout(suiteId, corpId, { nextReminderAt: at(-i) }));
        }
        const owners = await drainConcurrently(
          (owner) => stores.rollouts.claimDue(claimAt(owner, 0, 3)),
          (r) => r.corpId,
        );
        expectEachClaimedOnce(owners, corps);
      });
    });

    describe('outbox', () => {
      it('enqueues once per dedupe key', async () => {
        const corpId = uid('corp');
        const msg = outboxMessage(corpId, { ref: 'pr-1' });
        const first = await stores.outbox.enqueue(msg, at(0));
        expect(first.created).toBe(true);
        expect(first.message).toMatchObject({
          dedupeKey: msg.dedupeKey,
          status: 'queued',
          attempts: 0,
          notBefore: at(0),
          createdAt: at(0),
          payload: msg.payload,
          ref: 'pr-1',
        });
        expect(first.message.id).toEqual(expect.any(String));
        const second = await stores.outbox.enqueue({ ...msg, topic: 'other' }, at(1));
        expect(second).toEqual({ message: first.message, created: false });
        expect(await stores.outbox.findByDedupeKey(msg.dedupeKey)).toEqual(first.message);
        expect(await stores.outbox.get(first.message.id)).toEqual(first.message);
        expect(await stores.outbox.list({ corpId })).toHaveLength(1);
        const another = await stores.outbox.enqueue(outboxMessage(corpId, { notBefore: at(9) }), at(1));
        expect(another.message.id).not.toEqual(first.message.id);
        expect(another.message.notBefore).toEqual(at(9));
      });

      it('creates one message for concurrent enqueues of the same key', async () => {
        const msg = outboxMessage(uid('corp'));
        const results = await Promise.all([
          stores.outbox.enqueue(msg, at(0)),
          stores.outbox.enqueue(msg, at(0)),
        ]);
        expect(results.map((r) => r.created).sort()).toEqual([false, true]);
        expect(results[0].message.id).toEqual(results[1].message.id);
      });

      it('returns copies', async () => {
        const { message } = await stores.outbox.enqueue(outboxMessage(uid('corp')), at(0));
        (message.payload as { touser: string }).touser = 'intruder';
        expect((await stores.outbox.get(message.id))!.payload).toMatchObject({ touser: 'admin1' });
      });

      it('claims due messages oldest first, up to the limit, as sending under a lease', async () => {
        const corpId = uid('corp');
        const m = [];
        for (const notBefore of [3, 1, 2, 20]) {
          m.push(
            (await stores.outbox.enqueue(outboxMessage(corpId, { notBefore: at(notBefore) }), at(0))).message,
          );
        }
        const first = await stores.outbox.claimDue(claimAt('a', 10, 2));
        expect(first.map((x) => x.id)).toEqual([m[1].id, m[2].id]);
        for (const x of first)
          expect(x).toMatchObject({ status: 'sending', attempts: 0, lease: leaseOf('a', 10) });
        expect((await stores.outbox.claimDue(claimAt('b', 10))).map((x) => x.id)).toEqual([m[0].id]);
        expect(await stores.outbox.claimDue(claimAt('c', 14))).toEqual([]);
        // By 20 the leases taken at 10 have expired: those come back, still in due order.
        expect((await stores.outbox.claimDue(claimAt('c', 20))).map((x) => x.id)).toEqual(
          [m[1], m[2], m[0], m[3]].map((x) => x.id),
        );
      });

      it("takes over a crashed sender's message once its lease expired", async () => {
        const { message } = await stores.outbox.enqueue(outboxMessage(uid('corp')), at(0));
        await stores.outbox.claimDue(claimAt('a', 0));
        expect(await stores.outbox.claimDue(claimAt('b', 4))).toEqual([]);
        const retaken = await stores.outbox.claimDue(claimAt('b', 5));
        expect(retaken).toEqual([
          expect.objectContaining({ id: message.id, status: 'sending', attempts: 0 }),
        ]);
        expect(await stores.outbox.markSent(message.id, 'a', {}, at(6))).toBe(false);
        expect(
          await stores.outbox.markRetry(
            message.id,
            'a',
            { error: 'x', notBefore: at(7), countAttempt: true },
            at(6),
          ),
        ).toBe(false);
        expect(await stores.outbox.markFailed(message.id, 'a', { error: 'x' }, at(6))).toBe(false);
        expect(await stores.outbox.markSent(message.id, 'b', { msgId: 'm1' }, at(6))).toBe(true);
      });

      it('marks sent only for the lease owner, once', async () => {
        const { message } = await stores.outbox.enqueue(outboxMessage(uid('corp')), at(0));
        await stores.outbox.claimDue(claimAt('a', 0));
        expect(await stores.outbox.markSent(message.id, 'b', { msgId: 'm1' }, at(1))).toBe(false);
        expect(
          await stores.outbox.markSent(message.id, 'a', { msgId: 'm1', responseCode: 'rc1' }, at(1)),
        ).toBe(true);
        expect(await stores.outbox.markSent(message.id, 'a', { msgId: 'm2' }, at(2))).toBe(false);
        const sent = (await stores.outbox.get(message.id))!;
        expect(sent).toMatchObject({
          status: 'sent',
          sentAt: at(1),
          msgId: 'm1',
          responseCode: 'rc1',
          attempts: 0,
        });
        expect(sent.lease).toBeUndefined();
        expect(await stores.outbox.claimDue(claimAt('a', 100))).toEqual([]);
      });

      it('queues a retry for later, counting the attempt only when told', async () => {
        const { message } = await stores.outbox.enqueue(outboxMessage(uid('corp')), at(0));
        await stores.outbox.claimDue(claimAt('a', 0));
        expect(
          await stores.outbox.markRetry(
            message.id,
            'a',
            { error: 'busy', errcode: -1, notBefore: at(2), countAttempt: true },
            at(1),
          ),
        ).toBe(true);
        const retried = (await stores.outbox.get(message.id))!;
        expect(retried).toMatchObject({
          status: 'queued',
          attempts: 1,
          lastError: 'busy',
          lastErrcode: -1,
          notBefore: at(2),
          updatedAt: at(1),
        });
        expect(retried.lease).toBeUndefined();
        expect(await stores.outbox.claimDue(claimAt('b', 1))).toEqual([]);
        expect(await stores.outbox.claimDue(claimAt('b', 2))).toHaveLength(1);
        await stores.outbox.markRetry(
          message.id,
          'b',
          { error: 'token expired', notBefore: at(2), countAttempt: false },
          at(2),
        );
        expect(await stores.outbox.get(message.id)).toMatchObject({
          attempts: 1,
          lastError: 'token expired',
        });
      });

      it('marks failed for the lease owner and clears the lease', async () => {
        const { message } = await stores.outbox.enqueue(outboxMessage(uid('corp')), at(0));
        await stores.outbox.claimDue(claimAt('a', 0));
        expect(await stores.outbox.markFailed(message.id, 'b', { error: 'x' }, at(1))).toBe(false);
        expect(
          await stores.outbox.markFailed(message.id, 'a', { error: 'no privilege', errcode: 48002 }, at(1)),
        ).toBe(true);
        const failed = (await stores.outbox.get(message.id))!;
        expect(failed).toMatchObject({ status: 'failed', lastError: 'no privilege', lastErrcode: 48002 });
        expect(failed.lease).toBeUndefined();
        expect(await stores.outbox.claimDue(claimAt('a', 100))).toEqual([]);
      });

      it('cancels the queued messages of an enterprise, not those being sent', async () => {
        const [corpId, otherCorp, otherSuite] = [uid('corp'), uid('corp'), uid('suite')];
        const sending = (await stores.outbox.enqueue(outboxMessage(corpId), at(0))).message;
        await stores.outbox.claimDue(claimAt('a', 0));
        const queued = (await stores.outbox.enqueue(outboxMessage(corpId, { notBefore: at(5) }), at(1)))
          .message;
        const queuedOtherSuite = (
          await stores.outbox.enqueue(outboxMessage(corpId, { suiteId: otherSuite }), at(1))
        ).message;
        const elsewhere = (await stores.outbox.enqueue(outboxMessage(otherCorp), at(1))).message;

        expect(await stores.outbox.cancelQueued({ corpId, suiteId: 'suite-x' }, at(2))).toBe(1);
        expect(await stores.outbox.get(queued.id)).toMatchObject({ status: 'cancelled', updatedAt: at(2) });
        expect(await stores.outbox.get(queuedOtherSuite.id)).toMatchObject({ status: 'queued' });
        expect(await stores.outbox.cancelQueued({ corpId }, at(3))).toBe(1);
        expect(await stores.outbox.get(queuedOtherSuite.id)).toMatchObject({ status: 'cancelled' });
        expect(await stores.outbox.get(sending.id)).toMatchObject({ status: 'sending' });
        expect(await stores.outbox.get(elsewhere.id)).toMatchObject({ status: 'queued' });
        expect(await stores.outbox.cancelQueued({ corpId }, at(4))).toBe(0);
      });

      it('counts by status, every status present', async () => {
        expect(await stores.outbox.countByStatus()).toEqual({
          queued: 0,
          sending: 0,
          sent: 0,
          failed: 0,
          cancelled: 0,
        });
        const corpId = uid('corp');
        const ids = [];
        for (let i = 0; i < 4; i += 1) {
          ids.push(
            (await stores.outbox.enqueue(outboxMessage(corpId, { notBefore: at(i) }), at(0))).message.id,
          );
        }
        await stores.outbox.claimDue(claimAt('a', 2));
        await stores.outbox.markSent(ids[0], 'a', {}, at(2));
        await stores.outbox.markFailed(ids[1], 'a', { error: 'x' }, at(2));
        expect(await stores.outbox.countByStatus()).toEqual({
          queued: 1,
          sending: 1,
          sent: 1,
          failed: 1,
          cancelled: 0,
        });
      });

      it('forgets finished messages older than the retention, and only those', async () => {
        const corpId = uid('corp');
        const ids: string[] = [];
        const keys: string[] = [];
        for (let i = 0; i < 4; i += 1) {
          const { message } = await stores.outbox.enqueue(outboxMessage(corpId), at(0));
          ids.push(message.id);
          keys.push(message.dedupeKey);
        }
        await stores.outbox.claimDue(claimAt('a', 1));
        await stores.outbox.markSent(ids[0], 'a', {}, at(1));
        await stores.outbox.markFailed(ids[1], 'a', { error: 'x' }, at(1));
        await stores.outbox.markSent(ids[2], 'a', {}, at(5));
        // ids[3] is still sending: never purged, however old.
        expect(await stores.outbox.purgeFinished(at(3))).toBe(2);
        expect((await stores.outbox.list({ corpId })).map((m) => m.id).sort()).toEqual(
          [ids[2], ids[3]].sort(),
        );
        // A purged dedupe key is free again.
        const again = await stores.outbox.enqueue(outboxMessage(corpId, { dedupeKey: keys[0] }), at(6));
        expect(again.created).toBe(true);
      });

      it('lists by filter, newest first, limited', async () => {
        const corpId = uid('corp');
        const a = (await stores.outbox.enqueue(outboxMessage(corpId, { topic: 'enabled_card' }), at(0)))
          .message;
        const b = (
          await stores.outbox.enqueue(outboxMessage(corpId, { topic: 'permission_card', ref: 'pr-9' }), at(1))
        ).message;
        const c = (
          await stores.outbox.enqueue(outboxMessage(corpId, { channel: 'support', topic: 'alert' }), at(2))
        ).message;
        await stores.outbox.enqueue(outboxMessage(uid('corp')), at(3));
        const ids = async (f: Parameters<Stores['outbox']['list']>[0]) =>
          (await stores.outbox.list(f)).map((m) => m.id);
        expect(await ids({ corpId })).toEqual([c.id, b.id, a.id]);
        expect(await ids({ corpId, limit: 2 })).toEqual([c.id, b.id]);
        expect(await ids({ corpId, channel: 'support' })).toEqual([c.id]);
        expect(await ids({ ref: 'pr-9' })).toEqual([b.id]);
        expect(await ids({ corpId, topic: 'enabled_card', status: 'queued' })).toEqual([a.id]);
        expect(await ids({ corpId, status: 'sent' })).toEqual([]);
        expect(await stores.outbox.list()).toHaveLength(4);
      });

      it('gives each due message to exactly one of two concurrent instances', async () => {
        const corpId = uid('corp');
        const ids: string[] = [];
        for (let i = 0; i < 30; i += 1) {
          ids.push(
            (await stores.outbox.enqueue(outboxMessage(corpId, { notBefore: at(-i) }), at(-30))).message.id,
          );
        }
        const owners = await drainConcurrently(
          (owner) => stores.outbox.claimDue(claimAt(owner, 0, 4)),
          (m) => m.id,
        );
        expectEachClaimedOnce(owners, ids);
      });

      it('splits one batch between two instances claiming at the same moment', async () => {
        const corpId = uid('corp');
        const ids: string[] = [];
        for (let i = 0; i < 20; i += 1) {
          ids.push((await stores.outbox.enqueue(outboxMessage(corpId), at(0))).message.id);
        }
        const [a, b] = await Promise.all([
          stores.outbox.claimDue(claimAt('instance-a', 1, 20)),
          stores.outbox.claimDue(claimAt('instance-b', 1, 20)),
        ]);
        const claimed = [...a, ...b].map((m) => m.id);
        expect(claimed.sort()).toEqual([...ids].sort());
      });
    });

    describe('inbox', () => {
      it('records a key once; a repeat is a duplicate', async () => {
        const key = uid('msg');
        expect(await stores.inbox.recordOnce(inbound(key))).toBe('new');
        expect(await stores.inbox.recordOnce(inbound(key, { receivedAt: at(1) }))).toBe('duplicate');
        expect(await stores.inbox.list({ corpId: 'corp-x' })).toEqual([
          expect.objectContaining({
            key,
            status: 'received',
            attempts: 0,
            receivedAt: T0,
            expiresAt: at(60),
          }),
        ]);
      });

      it('answers new to exactly one of concurrent records of a key', async () => {
        const key = uid('msg');
        const results = await Promise.all([1, 2, 3].map(() => stores.inbox.recordOnce(inbound(key))));
        expect(results.sort()).toEqual(['duplicate', 'duplicate', 'new']);
      });

      it('counts an expired key as new, purged or not', async () => {
        const [kept, purged, lingering] = [uid('msg'), uid('msg'), uid('msg')];
        await stores.inbox.recordOnce(inbound(kept, { expiresAt: at(100) }));
        await stores.inbox.recordOnce(inbound(purged, { expiresAt: at(10) }));
        await stores.inbox.recordOnce(inbound(lingering, { expiresAt: at(10) }));
        await stores.inbox.purgeExpired(at(10));
        expect(
          await stores.inbox.recordOnce(inbound(purged, { receivedAt: at(11), expiresAt: at(71) })),
        ).toBe('new');
        expect(await stores.inbox.recordOnce(inbound(kept, { receivedAt: at(11), expiresAt: at(71) }))).toBe(
          'duplicate',
        );
        // Not purged yet (a TTL index deletes late); still expired, so new.
        expect(
          await stores.inbox.recordOnce(inbound(lingering, { receivedAt: at(12), expiresAt: at(72) })),
        ).toBe('new');
        expect(
          await stores.inbox.recordOnce(inbound(lingering, { receivedAt: at(13), expiresAt: at(73) })),
        ).toBe('duplicate');
      });

      it('claims for retry: old received ones and failed ones due, oldest first, leased once', async () => {
        const keys = [uid('msg'), uid('msg'), uid('msg'), uid('msg'), uid('msg')];
        await stores.inbox.recordOnce(inbound(keys[0], { receivedAt: at(3) }));
        await stores.inbox.recordOnce(inbound(keys[1], { receivedAt: at(1) }));
        await stores.inbox.recordOnce(inbound(keys[2], { receivedAt: at(2) }));
        await stores.inbox.recordOnce(inbound(keys[3], { receivedAt: at(0) }));
        await stores.inbox.recordOnce(inbound(keys[4], { receivedAt: at(9) }));
        await stores.inbox.markHandled(keys[3], at(4));
        await stores.inbox.markFailed(keys[2], 'handler threw', at(4), at(6));
        const opts = { maxAttempts: 3, receivedBefore: at(5) };
        const claim = (owner: string, now: number, limit = 10) =>
          stores.inbox.claimForRetry({ owner, now: at(now), leaseMs: 60 * MINUTE, limit }, opts);
        // At 5: the failed one is not due yet, keys[4] is too young to be an orphan.
        expect((await claim('a', 5, 1)).map((e) => e.key)).toEqual([keys[1]]);
        expect((await claim('b', 5)).map((e) => e.key)).toEqual([keys[0]]);
        expect((await claim('c', 7)).map((e) => e.key)).toEqual([keys[2]]);
        expect(await claim('d', 7)).toEqual([]);
        await stores.inbox.markFailed(keys[2], 'again', at(8));
        // Without a retry time a failed event is not tried again; the others are still leased.
        expect(await claim('e', 60)).toEqual([]);
        const handled = (await stores.inbox.list()).find((e) => e.key === keys[3]);
        expect(handled).toMatchObject({ status: 'handled', handledAt: at(4) });
      });

      it('stops retrying a failed event after maxAttempts', async () => {
        const key = uid('msg');
        await stores.inbox.recordOnce(inbound(key, { receivedAt: at(0) }));
        const opts = { maxAttempts: 2, receivedBefore: at(0) };
        await stores.inbox.markFailed(key, 'one', at(1), at(2));
        expect(
          await stores.inbox.claimForRetry({ owner: 'a', now: at(2), leaseMs: 1000, limit: 5 }, opts),
        ).toHaveLength(1);
        await stores.inbox.markFailed(key, 'two', at(3), at(4));
        expect(
          await stores.inbox.claimForRetry({ owner: 'a', now: at(5), leaseMs: 1000, limit: 5 }, opts),
        ).toEqual([]);
      });

      it('keeps the error and counts the attempts of a failed event', async () => {
        const key = uid('msg');
        await stores.inbox.recordOnce(inbound(key));
        await stores.inbox.markFailed(key, 'first', at(1));
        await stores.inbox.markFailed(key, 'second', at(2));
        expect(await stores.inbox.list({ corpId: 'corp-x' })).toEqual([
          expect.objectContaining({ key, status: 'failed', attempts: 2, lastError: 'second' }),
        ]);
      });

      it('lists by filter, newest first, limited', async () => {
        const [k1, k2, k3] = [uid('msg'), uid('msg'), uid('msg')];
        await stores.inbox.recordOnce(
          inbound(k1, { receivedAt: at(0), kind: 'create_auth', corpId: 'corp-a' }),
        );
        await stores.inbox.recordOnce(inbound(k2, { receivedAt: at(1), corpId: 'corp-a', suiteId }));
        await stores.inbox.recordOnce(inbound(k3, { receivedAt: at(2), corpId: 'corp-b' }));
        const keys = async (f: Parameters<Stores['inbox']['list']>[0]) =>
          (await stores.inbox.list(f)).map((e) => e.key);
        expect(await keys({})).toEqual([k3, k2, k1]);
        expect(await keys({ limit: 2 })).toEqual([k3, k2]);
        expect(await keys({ corpId: 'corp-a' })).toEqual([k2, k1]);
        expect(await keys({ suiteId })).toEqual([k2]);
        expect(await keys({ kind: 'create_auth' })).toEqual([k1]);
      });

      it('lists by handling status, and a template’s own callbacks (no enterprise named)', async () => {
        const [ticket, app, failed] = [uid('msg'), uid('msg'), uid('msg')];
        await stores.inbox.recordOnce(
          inbound(ticket, { receivedAt: at(0), kind: 'suite_ticket', corpId: undefined, suiteId }),
        );
        await stores.inbox.recordOnce(inbound(app, { receivedAt: at(1), suiteId }));
        await stores.inbox.recordOnce(inbound(failed, { receivedAt: at(2), suiteId }));
        await stores.inbox.markHandled(app, at(3));
        await stores.inbox.markFailed(failed, 'handler threw', at(3), at(9));
        const keys = async (f: Parameters<Stores['inbox']['list']>[0]) =>
          (await stores.inbox.list(f)).map((e) => e.key);
        expect(await keys({ suiteId, withoutCorp: true })).toEqual([ticket]);
        expect(await keys({ suiteId, status: 'failed' })).toEqual([failed]);
        expect(await keys({ suiteId, status: 'received' })).toEqual([ticket]);
        expect(await keys({ suiteId, status: 'handled' })).toEqual([app]);
      });
    });

    describe('credentials', () => {
      it('keeps the suite ticket with the newest TimeStamp, per suite', async () => {
        const other = uid('suite');
        const ticket = (t: string, timestamp: number, sid = suiteId) => ({
          suiteId: sid,
          ticket: t,
          timestamp,
          receivedAt: at(timestamp),
        });
        expect(await stores.credentials.saveSuiteTicket(ticket('t2', 20))).toBe(true);
        expect(await stores.credentials.saveSuiteTicket(ticket('t1', 10))).toBe(false);
        expect(await stores.credentials.saveSuiteTicket(ticket('t2-again', 20))).toBe(false);
        expect(await stores.credentials.saveSuiteTicket(ticket('o1', 5, other))).toBe(true);
        expect(await stores.credentials.getSuiteTicket(suiteId)).toEqual(ticket('t2', 20));
        expect(await stores.credentials.saveSuiteTicket(ticket('t3', 30))).toBe(true);
        expect(await stores.credentials.getSuiteTicket(suiteId)).toMatchObject({ ticket: 't3' });
        expect(await stores.credentials.getSuiteTicket(other)).toMatchObject({ ticket: 'o1' });
        expect(await stores.credentials.getSuiteTicket(uid('suite'))).toBeUndefined();
      });

      it('never lets an older token overwrite a newer one', async () => {
        const key = uid('corp-token');
        const token = (t: string, fetched: number) => ({
          key,
          token: t,
          fetchedAt: at(fetched),
          expiresAt: at(fetched + 120),
        });
        expect(await stores.credentials.getToken(key)).toBeUndefined();
        expect(await stores.credentials.putToken(token('new', 10))).toBe(true);
        expect(await stores.credentials.putToken(token('old', 5))).toBe(false);
        expect(await stores.credentials.putToken(token('same-time', 10))).toBe(false);
        expect(await stores.credentials.getToken(key)).toEqual(token('new', 10));
        expect(await stores.credentials.putToken(token('newer', 11))).toBe(true);
        expect(await stores.credentials.getToken(key)).toMatchObject({ token: 'newer' });
      });

      it('invalidates a token only if it is still the given one', async () => {
        const key = uid('corp-token');
        await stores.credentials.putToken({ key, token: 'tok-2', fetchedAt: at(2), expiresAt: at(120) });
        await stores.credentials.invalidateToken(key, 'tok-1');
        expect(await stores.credentials.getToken(key)).toMatchObject({ token: 'tok-2' });
        await stores.credentials.invalidateToken(key, 'tok-2');
        expect(await stores.credentials.getToken(key)).toBeUndefined();
        // After invalidation any fresh token is taken.
        expect(
          await stores.credentials.putToken({ key, token: 'tok-3', fetchedAt: at(1), expiresAt: at(120) }),
        ).toBe(true);
      });

      it('leases a token refresh to one owner at a time', async () => {
        const key = uid('corp-token');
        expect(await stores.credentials.acquireTokenLease(key, 'a', at(0), MINUTE)).toBe(true);
        expect(await stores.credentials.acquireTokenLease(key, 'b', at(0.5), MINUTE)).toBe(false);
        expect(await stores.credentials.acquireTokenLease(key, 'a', at(0.5), MINUTE)).toBe(true); // renews to 1.5
        expect(await stores.credentials.acquireTokenLease(key, 'b', at(1.2), MINUTE)).toBe(false);
        expect(await stores.credentials.acquireTokenLease(key, 'b', at(1.5), MINUTE)).toBe(true);
        await stores.credentials.releaseTokenLease(key, 'a'); // not a's any more: no effect
        expect(await stores.credentials.acquireTokenLease(key, 'c', at(1.6), MINUTE)).toBe(false);
        await stores.credentials.releaseTokenLease(key, 'b');
        expect(await stores.credentials.acquireTokenLease(key, 'c', at(1.6), MINUTE)).toBe(true);
        expect(await stores.credentials.acquireTokenLease(uid('corp-token'), 'b', at(1.6), MINUTE)).toBe(
          true,
        );
      });

      it('grants a token lease to exactly one of concurrent callers', async () => {
        const key = uid('corp-token');
        const results = await Promise.all(
          ['a', 'b', 'c', 'd'].map((owner) =>
            stores.credentials.acquireTokenLease(key, owner, at(0), MINUTE),
          ),
        );
        expect(results.filter(Boolean)).toHaveLength(1);
      });
    });

    describe('batch QR codes', () => {
      it('creates, lists, and claims an expiring code once', async () => {
        const code = (id: string, expires: number) => ({
          id,
          suiteIds: [suiteId, 'suite-y'],
          url: `https://open.work.weixin.qq.com/qr/${id}`,
          createdAt: at(expires - 14400),
          expiresAt: at(expires),
        });
        const [soon, later, expired] = [uid('qr'), uid('qr'), uid('qr')];
        expect(await stores.batchQrCodes.create(code(soon, 100))).toEqual(code(soon, 100));
        await stores.batchQrCodes.create(code(later, 5000));
        await stores.batchQrCodes.create(code(expired, -10));
        expect((await stores.batchQrCodes.list()).map((q) => q.id).sort()).toEqual(
          [soon, later, expired].sort(),
        );

        const claimed = await stores.batchQrCodes.claimExpiring(at(1440), at(0));
        expect(claimed.map((q) => q.id).sort()).toEqual([soon, expired].sort());
        for (const q of claimed) expect(q.expiryAlertedAt).toEqual(at(0));
        expect(await stores.batchQrCodes.claimExpiring(at(1440), at(1))).toEqual([]);
        expect((await stores.batchQrCodes.claimExpiring(at(6000), at(2))).map((q) => q.id)).toEqual([later]);
      });

      it('gives each expiring code to exactly one of concurrent claims', async () => {
        const ids: string[] = [];
        for (let i = 0; i < 10; i += 1) {
          const id = uid('qr');
          ids.push(id);
          await stores.batchQrCodes.create({
            id,
            suiteIds: [suiteId],
            createdAt: at(0),
            expiresAt: at(10 + i),
          });
        }
        const results = await Promise.all([
          stores.batchQrCodes.claimExpiring(at(100), at(1)),
          stores.batchQrCodes.claimExpiring(at(100), at(1)),
        ]);
        expect(
          results
            .flat()
            .map((q) => q.id)
            .sort(),
        ).toEqual([...ids].sort());
      });
    });

    describe('counted groups (for /metrics: never a listing)', () => {
      /** Sorted, so adapters may answer groups in any order. */
      const sorted = <K extends string>(groups: CountedGroup<K>[]) =>
        groups.map((g) => `${Object.values(g.group).join('/')}=${g.count}`).sort();

      it('counts inbox events by kind and status as they change, are purged or recorded anew', async () => {
        expect(await stores.inbox.countByKindAndStatus()).toEqual([]);
        await stores.inbox.recordOnce(inbound('k1'));
        await stores.inbox.recordOnce(inbound('k2'));
        await stores.inbox.recordOnce(inbound('k3', { kind: 'suite_ticket', expiresAt: at(10) }));
        await stores.inbox.recordOnce(inbound('k1'));
        await stores.inbox.markHandled('k1', at(1));
        await stores.inbox.markFailed('k2', 'boom', at(1));
        expect(sorted(await stores.inbox.countByKindAndStatus())).toEqual([
          'suite_ticket/received=1',
          'text/failed=1',
          'text/handled=1',
        ]);
        // k3 expired: recorded anew it is one event, not two.
        await stores.inbox.recordOnce(
          inbound('k3', { kind: 'suite_ticket', receivedAt: at(20), expiresAt: at(80) }),
        );
        expect(sorted(await stores.inbox.countByKindAndStatus())).toContain('suite_ticket/received=1');
        await stores.inbox.purgeExpired(at(70));
        expect(sorted(await stores.inbox.countByKindAndStatus())).toEqual(['suite_ticket/received=1']);
      });

      it('counts authorizations, apps, permission requests and rollouts by their states', async () => {
        await stores.authorizations.create(authorization('s1', 'c1'));
        await stores.authorizations.create(authorization('s1', 'c2', { state: 'cancelled' }));
        await stores.apps.create(app('s1', 'c1'));
        await stores.apps.create(app('s1', 'c2', { status: 'enabled' }));
        await stores.apps.create(app('s2', 'c1', { status: 'enabled' }));
        await stores.permissionRequests.file(permissionRequest('s1', 'c1'));
        await stores.permissionRequests.file(permissionRequest('s1', 'c1'));
        await stores.rollouts.create(rollout('s1', 'c1'));
        await stores.rollouts.create(rollout('s1', 'c2', { stageIndex: 0 }));
        await stores.rollouts.create(rollout('s2', 'c1', { stageIndex: 1, state: 'escalated' }));
        expect(sorted(await stores.authorizations.countByState())).toEqual(['active=1', 'cancelled=1']);
        expect(sorted(await stores.apps.countByTemplateAndStatus())).toEqual([
          's1/developing=1',
          's1/enabled=1',
          's2/enabled=1',
        ]);
        expect(sorted(await stores.permissionRequests.countByState())).toEqual(['pending=1', 'superseded=1']);
        expect(sorted(await stores.rollouts.countByStageAndState())).toEqual([
          'company/escalated=1',
          'members/active=1',
          'none/active=1',
        ]);
      });

      it('counts stuck rollouts as isStuck judges them', async () => {
        const day = DAY_MINUTES;
        const cases = stuckCases();
        for (const r of cases) await stores.rollouts.create(r);
        const now = at(40 * day);
        expect(await stores.rollouts.countStuck(now)).toBe(cases.filter((r) => isStuck(r, now)).length);
        expect(await stores.rollouts.countStuck(now)).toBe(3);
      });
    });

    describe("the filtered support lists' reads (each answered by an index)", () => {
      it('lists stuck rollouts as isStuck judges them, as time moves and they change', async () => {
        const day = DAY_MINUTES;
        const cases = stuckCases();
        for (const r of cases) await stores.rollouts.create(r);
        const stuckAt = async (now: Date) =>
          (await stores.rollouts.listStuck(now)).map((r) => r.corpId).sort();
        const judged = (now: Date) =>
          cases
            .filter((r) => isStuck(r, now))
            .map((r) => r.corpId)
            .sort();
        expect(await stuckAt(at(0))).toEqual(judged(at(0)));
        expect(await stuckAt(at(40 * day))).toEqual(judged(at(40 * day)));
        expect(await stuckAt(at(40 * day))).toHaveLength(3);
        const [escalated, , , stalled] = cases as [Rollout, Rollout, Rollout, Rollout];
        await stores.rollouts.update('s', escalated.corpId, { state: 'paused' }, at(40 * day));
        await stores.rollouts.update('s', stalled.corpId, {}, at(40 * day), { entry: progress(40 * day) });
        expect(await stuckAt(at(40 * day))).toEqual([cases[1]!.corpId]);
      });

      it('lists authorizations, apps and requests by state, and failed messages, as they change', async () => {
        const [c1, c2] = [uid('corp'), uid('corp')];
        await stores.authorizations.create(authorization(suiteId, c1));
        await stores.authorizations.create(authorization(suiteId, c2));
        await stores.authorizations.cancel(suiteId, c1, at(1));
        const cancelled = async () =>
          (await stores.authorizations.list({ state: 'cancelled' })).map((a) => a.corpId);
        expect(await cancelled()).toEqual([c1]);
        await stores.authorizations.update(suiteId, c1, { state: 'active' }, at(2));
        expect(await cancelled()).toEqual([]);

        await stores.apps.create(app(suiteId, c1));
        await stores.apps.create(app(suiteId, c2));
        await stores.apps.transition(suiteId, c2, ['developing'], 'approved', 'poll', at(1));
        const approved = async () => (await stores.apps.list({ status: 'approved' })).map((a) => a.corpId);
        expect(await approved()).toEqual([c2]);
        await stores.apps.transition(suiteId, c2, ['approved'], 'enabled', 'poll', at(2));
        expect(await approved()).toEqual([]);

        const first = permissionRequest(suiteId, c1);
        await stores.permissionRequests.file(first);
        const second = permissionRequest(suiteId, c1, { createdAt: at(5) });
        await stores.permissionRequests.file(second);
        const ids = async (state: 'pending' | 'declined' | 'superseded') =>
          (await stores.permissionRequests.list({ state })).map((r) => r.id);
        expect(await ids('pending')).toEqual([second.id]);
        expect(await ids('superseded')).toEqual([first.id]);
        await stores.permissionRequests.settle(second.id, {
          to: 'declined',
          from: ['pending'],
          at: at(6),
          entry: { at: at(6), what: 'declined' },
        });
        expect(await ids('pending')).toEqual([]);
        expect(await ids('declined')).toEqual([second.id]);

        await stores.outbox.enqueue(outboxMessage(c1), at(0));
        await stores.outbox.enqueue(outboxMessage(c2), at(0));
        const failed = async () => (await stores.outbox.list({ status: 'failed' })).map((m) => m.corpId);
        expect(await failed()).toEqual([]);
        const [claimed] = await stores.outbox.claimDue(claimAt('a', 0, 1));
        await stores.outbox.markFailed(claimed!.id, 'a', { error: 'no privilege' }, at(1));
        expect(await failed()).toEqual([claimed!.corpId]);
        expect([c1, c2]).toContain(claimed!.corpId);
      });
    });

    describe('wecom errors', () => {
      it('lists by corp and time, newest first, and counts by errcode', async () => {
        const corpId = uid('corp');
        const err = (errcode: number, minutes: number, corp = corpId) => ({
          corpId: corp,
          suiteId,
          api: 'message/send',
          errcode,
          errmsg: `err ${errcode}`,
          at: at(minutes),
        });
        await stores.wecomErrors.record(err(48002, 0));
        await stores.wecomErrors.record(err(45009, 2));
        await stores.wecomErrors.record(err(48002, 1));
        await stores.wecomErrors.record(err(60020, 3, uid('corp')));
        expect((await stores.wecomErrors.list({ corpId })).map((e) => e.at)).toEqual([at(2), at(1), at(0)]);
        expect(await stores.wecomErrors.list({ corpId, since: at(1), limit: 1 })).toEqual([err(45009, 2)]);
        expect(await stores.wecomErrors.list({ since: at(3) })).toHaveLength(1);
        expect(await stores.wecomErrors.countByCode()).toEqual({ '48002': 2, '45009': 1, '60020': 1 });
      });
    });
  });
}
