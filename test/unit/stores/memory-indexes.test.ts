import fc from 'fast-check';
import type { OutboxStatus } from '../../../src/domain/model';
import { createMemoryStores } from '../../../src/stores/memory';
import { runs } from '../../helpers/property-runs';

/**
 * The memory outbox and inbox answer counts, purges, retry claims and per-enterprise lists from
 * indexes kept as records change. Whatever happens, each answer is what a walk over every record
 * would give.
 */
const T0 = Date.parse('2026-03-02T00:00:00Z');
const at = (minute: number): Date => new Date(T0 + minute * 60_000);
const CORPS = ['wwa', 'wwb', 'wwc'];

type OutboxStep =
  | { op: 'enqueue'; corp: number; key: number }
  | { op: 'claim'; limit: number }
  | { op: 'sent' | 'retry' | 'failed'; pick: number }
  | { op: 'cancel'; corp: number }
  | { op: 'purge'; age: number };

// Weighted so that runs reach every state: enqueued, claimed, finished, and then purged.
const outboxStep: fc.Arbitrary<OutboxStep> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({ op: fc.constant('enqueue' as const), corp: fc.nat(2), key: fc.nat(30) }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ op: fc.constant('claim' as const), limit: fc.integer({ min: 1, max: 5 }) }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constantFrom('sent' as const, 'retry' as const, 'failed' as const),
      pick: fc.nat(50),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('cancel' as const), corp: fc.nat(2) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('purge' as const), age: fc.nat(8) }) },
);

describe('memory outbox indexes', () => {
  it('counts, purges and lists by enterprise and by status agree with a walk over every message', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(outboxStep, { minLength: 20, maxLength: 80 }), async (steps) => {
        const { outbox } = createMemoryStores();
        const ids = new Set<string>();
        const finishedAt = new Map<string, number>();
        let minute = 0;
        for (const s of steps) {
          minute += 1;
          const now = at(minute);
          const all = await outbox.list();
          if (s.op === 'enqueue') {
            const payload = { msgtype: 'text', text: { content: 'hi' } };
            const { message } = await outbox.enqueue(
              { dedupeKey: `k${s.key}`, channel: 'app', corpId: CORPS[s.corp], payload, topic: 'reply' },
              now,
            );
            ids.add(message.id);
          } else if (s.op === 'claim') {
            await outbox.claimDue({ owner: 'me', now, leaseMs: 600 * 60_000, limit: s.limit });
          } else if (s.op === 'cancel') {
            const queued = all.filter((m) => m.status === 'queued' && m.corpId === CORPS[s.corp]);
            expect(await outbox.cancelQueued({ corpId: CORPS[s.corp]! }, now)).toBe(queued.length);
            for (const m of queued) finishedAt.set(m.id, minute);
          } else if (s.op === 'purge') {
            const before = at(minute - s.age);
            const old = all.filter((m) => finishedAt.has(m.id) && m.updatedAt < before);
            expect(await outbox.purgeFinished(before)).toBe(old.length);
            for (const m of old) finishedAt.delete(m.id);
          } else {
            const sending = all.filter((m) => m.status === 'sending');
            const m = sending[s.pick % Math.max(1, sending.length)];
            if (!m) continue;
            if (s.op === 'sent') await outbox.markSent(m.id, 'me', {}, now);
            if (s.op === 'failed') await outbox.markFailed(m.id, 'me', { error: 'x' }, now);
            if (s.op === 'retry')
              await outbox.markRetry(m.id, 'me', { error: 'x', notBefore: now, countAttempt: true }, now);
            if (s.op !== 'retry') finishedAt.set(m.id, minute);
          }
          const walked = await outbox.list();
          const counts: Record<OutboxStatus, number> = {
            queued: 0,
            sending: 0,
            sent: 0,
            failed: 0,
            cancelled: 0,
          };
          for (const m of walked) counts[m.status] += 1;
          expect(await outbox.countByStatus()).toEqual(counts);
          for (const corpId of CORPS) {
            expect((await outbox.list({ corpId })).map((m) => m.id)).toEqual(
              walked.filter((m) => m.corpId === corpId).map((m) => m.id),
            );
          }
          for (const status of Object.keys(counts) as OutboxStatus[]) {
            expect((await outbox.list({ status })).map((m) => m.id)).toEqual(
              walked.filter((m) => m.status === status).map((m) => m.id),
            );
          }
        }
      }),
      runs(300, 40),
    );
  });
});

type InboxStep =
  | { op: 'record'; corp: number; key: number; ttl: number }
  | { op: 'handled' | 'failed'; key: number }
  | { op: 'purge' };

const inboxStep: fc.Arbitrary<InboxStep> = fc.oneof(
  fc.record({
    op: fc.constant('record' as const),
    // 3 names no enterprise: a template's own callback.
    corp: fc.nat(3),
    key: fc.nat(20),
    ttl: fc.integer({ min: 1, max: 15 }),
  }),
  fc.record({ op: fc.constantFrom('handled' as const, 'failed' as const), key: fc.nat(20) }),
  fc.record({ op: fc.constant('purge' as const) }),
);

describe('memory inbox indexes', () => {
  it('purges, retry claims and lists by enterprise, by status and without one agree with a walk over every event', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(inboxStep, { minLength: 20, maxLength: 80 }), async (steps) => {
        const { inbox } = createMemoryStores();
        let minute = 0;
        for (const s of steps) {
          minute += 1;
          const now = at(minute);
          if (s.op === 'record') {
            await inbox.recordOnce({
              key: `e${s.key}`,
              kind: 'text',
              suiteId: 'suite',
              corpId: CORPS[s.corp],
              event: {},
              receivedAt: now,
              expiresAt: at(minute + s.ttl),
            });
          } else if (s.op === 'handled') {
            await inbox.markHandled(`e${s.key}`, now);
          } else if (s.op === 'failed') {
            await inbox.markFailed(`e${s.key}`, 'x', now, now);
          } else {
            const expired = (await inbox.list()).filter((e) => e.expiresAt <= now);
            expect(await inbox.purgeExpired(now)).toBe(expired.length);
          }
          const walked = await inbox.list();
          for (const corpId of CORPS) {
            expect((await inbox.list({ corpId })).map((e) => e.key)).toEqual(
              walked.filter((e) => e.corpId === corpId).map((e) => e.key),
            );
          }
          expect((await inbox.list({ withoutCorp: true })).map((e) => e.key)).toEqual(
            walked.filter((e) => e.corpId === undefined).map((e) => e.key),
          );
          for (const status of ['received', 'handled', 'failed'] as const) {
            expect((await inbox.list({ status })).map((e) => e.key)).toEqual(
              walked.filter((e) => e.status === status).map((e) => e.key),
            );
          }
        }
        // Everything not handled is claimable once old enough; nothing handled ever is.
        const later = at(minute + 1);
        const unhandled = (await inbox.list()).filter((e) => e.status !== 'handled').map((e) => e.key);
        const claimed = await inbox.claimForRetry(
          { owner: 'me', now: later, leaseMs: 60_000, limit: 1000 },
          { maxAttempts: 1000, receivedBefore: later },
        );
        expect(claimed.map((e) => e.key).sort()).toEqual(unhandled.sort());
      }),
      runs(300, 40),
    );
  });
});
