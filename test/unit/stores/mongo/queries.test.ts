import mongoose from 'mongoose';
import { createMongoStores, type LeaseClock } from '../../../../src/stores/mongo';

/**
 * What the adapter asks of MongoDB, read without a server: on a connection that never opens,
 * mongoose queues each operation after casting it and announces it with a 'buffer' event, then
 * gives up after bufferTimeoutMS. The contract suite checks behaviour wherever a server exists.
 */
function offlineStores(leaseClock: LeaseClock) {
  const connection = mongoose.createConnection();
  connection.config.bufferTimeoutMS = 1;
  const sent: { method: string; args: unknown[] }[] = [];
  connection.on('buffer', (op: { method: string; args: ArrayLike<unknown> }) =>
    sent.push({ method: op.method, args: Array.from(op.args) }),
  );
  const stores = createMongoStores(connection, { leaseClock });
  /** Runs one store call and returns the first operation it sent. */
  const firstOp = async (call: () => Promise<unknown>) => {
    sent.length = 0;
    await expect(call()).rejects.toThrow(/buffering timed out/);
    return sent[0];
  };
  return { stores, firstOp, close: () => connection.close() };
}

const NOW = new Date('2026-01-05T02:00:00Z');
const claim = { owner: 'instance-a', now: NOW, leaseMs: 60_000, limit: 5 };

describe('mongo adapter queries (no server)', () => {
  describe.each([
    ['caller', NOW],
    ['database', '$$NOW'],
  ] as const)('on the %s clock', (clock, leaseNow) => {
    const offline = offlineStores(clock);
    afterAll(() => offline.close());

    it('claims with one conditional findOneAndUpdate: due, no live lease, earliest first', async () => {
      const op = await offline.firstOp(() => offline.stores.apps.claimDuePolls(claim));
      expect(op.method).toBe('findOneAndUpdate');
      const [filter, update, options] = op.args;
      expect(filter).toEqual({
        $and: [
          // Due follows the caller's time on either clock.
          { nextPollAt: { $lte: NOW } },
          { $expr: { $not: [{ $gt: ['$lease.until', leaseNow] }] } },
          { _id: { $nin: [] } },
        ],
      });
      expect(update).toEqual([
        {
          $set: {
            lease: { owner: { $literal: 'instance-a' }, until: { $add: [leaseNow, 60_000] } },
          },
        },
      ]);
      expect(options).toMatchObject({ sort: { nextPollAt: 1, _id: 1 }, returnDocument: 'after' });
    });

    it('claims outbox messages as sending, and crashed senders’ ones whose lease ended', async () => {
      const op = await offline.firstOp(() => offline.stores.outbox.claimDue(claim));
      const [filter, update] = op.args as [{ $and: unknown[] }, { $set: Record<string, unknown> }[]];
      expect(filter.$and[0]).toEqual({ status: { $in: ['queued', 'sending'] }, notBefore: { $lte: NOW } });
      expect(update[0].$set).toMatchObject({
        status: { $literal: 'sending' },
        updatedAt: { $literal: NOW },
        lease: { owner: { $literal: 'instance-a' }, until: { $add: [leaseNow, 60_000] } },
      });
    });

    it('takes a token lease in one upsert whose filter holds no $expr (an upsert refuses it)', async () => {
      const op = await offline.firstOp(() =>
        offline.stores.credentials.acquireTokenLease('corp:ww', 'instance-a', NOW, 30_000),
      );
      const [filter, update, options] = op.args;
      expect(filter).toEqual({ key: 'corp:ww' });
      expect(options).toMatchObject({ upsert: true, returnDocument: 'after' });
      expect(JSON.stringify(update)).toContain(JSON.stringify({ $add: [leaseNow, 30_000] }));
    });
  });

  it('releases on ownership alone, so an owner may finish after its lease ended', async () => {
    const offline = offlineStores('database');
    const op = await offline.firstOp(() =>
      offline.stores.rollouts.release('s', 'c', 'instance-a', { nextReminderAt: undefined }, NOW),
    );
    expect(op.method).toBe('updateOne');
    expect(op.args[0]).toEqual({ suiteId: 's', corpId: 'c', 'lease.owner': 'instance-a' });
    expect(op.args[1]).toMatchObject({ $unset: { nextReminderAt: 1, lease: 1 }, $set: { updatedAt: NOW } });
    await offline.close();
  });

  it('records the status an app had, not the one the caller expected', async () => {
    const offline = offlineStores('caller');
    const op = await offline.firstOp(() =>
      offline.stores.apps.transition('s', 'c', ['developing', 'approved'], 'enabled', 'poll', NOW),
    );
    expect(op.args[0]).toEqual({ suiteId: 's', corpId: 'c', status: { $in: ['developing', 'approved'] } });
    const [{ $set }] = op.args[1] as { $set: Record<string, unknown> }[];
    expect(JSON.stringify($set.statusHistory)).toContain('"from":"$status"');
    expect($set.enabledAt).toEqual({ $ifNull: ['$enabledAt', { $literal: NOW }] });
    await offline.close();
  });

  it('moves a template from created also when it was stored as the older draft, recording created', async () => {
    const offline = offlineStores('caller');
    const op = await offline.firstOp(() =>
      offline.stores.templates.transition('s', ['created'], 'in_review', 'support', NOW),
    );
    expect(op.args[0]).toEqual({ suiteId: 's', status: { $in: ['created', 'draft'] } });
    const [{ $set }] = op.args[1] as { $set: Record<string, unknown> }[];
    expect(JSON.stringify($set.statusHistory)).toContain(
      JSON.stringify({ $cond: [{ $eq: ['$status', 'draft'] }, 'created', '$status'] }),
    );
    const approved = await offline.firstOp(() =>
      offline.stores.templates.transition('s', ['in_review'], 'approved', 'support', NOW),
    );
    expect(approved.args[0]).toEqual({ suiteId: 's', status: { $in: ['in_review'] } });
    await offline.close();
  });
});
