import { ROLLOUT_LEASE_MS } from '../../../../src/domain/rollout/rollout-service';
import { MINUTE } from '../../../../src/shared/clock';
import { CORP, FakeWecom, SUITE, createRolloutFixture, type RolloutFixture } from './rollout-fixture';
import { anAuthorization } from '../../../helpers/domain-builders';

/** More enterprises on the fixture's store, each with two admins and a started rollout. */
async function addCorps(f: RolloutFixture, count: number): Promise<string[]> {
  const corps: string[] = [];
  for (let i = 0; i < count; i++) {
    const corpId = `wwcorp-extra-${i}`;
    const now = f.clock.now();
    await f.stores.authorizations.create(
      anAuthorization(now, {
        suiteId: SUITE,
        corpId,
        corpName: `企业 ${i}`,
        admins: [`admin-${i}-a`, `admin-${i}-b`],
      }),
    );
    await f.rollout.start(SUITE, corpId);
    corps.push(corpId);
  }
  return corps;
}

describe('rollout scheduler (tick with leases)', () => {
  it('sends each reminder exactly once with two instances ticking on one store', async () => {
    const f = await createRolloutFixture();
    await f.rollout.start(SUITE, CORP);
    const corps = [CORP, ...(await addCorps(f, 9))];
    const a = f.instance(new FakeWecom());
    const b = f.instance(new FakeWecom());
    f.clock.set('2026-01-06T10:00+08:00');

    const byInstance = { a: 0, b: 0 };
    for (let round = 0; round < 10; round++) {
      // Small batches, so both instances get work and race for the rest.
      const [ra, rb] = await Promise.all([a.tick('instance-a', 3), b.tick('instance-b', 3)]);
      byInstance.a += ra.reminded;
      byInstance.b += rb.reminded;
      if (ra.reminded + rb.reminded === 0) break;
    }
    const reminded = byInstance.a + byInstance.b;
    expect(byInstance.a).toBeGreaterThan(0);
    expect(byInstance.b).toBeGreaterThan(0);
    expect(reminded).toBe(10);
    const cards = await f.sent({ topic: 'rollout_reminder' });
    expect(cards).toHaveLength(20);
    expect(new Set(cards.map((c) => c.dedupeKey)).size).toBe(20);
    for (const corpId of corps) {
      expect((await f.stores.rollouts.get(SUITE, corpId))!.remindersSent).toBe(1);
    }
  });

  it('lets another instance take over when a crashed instance’s lease expires', async () => {
    const f = await createRolloutFixture();
    const { nextReminderAt } = await f.rollout.start(SUITE, CORP);
    const crashingWecom = new FakeWecom();
    const held = crashingWecom.hold();
    const a = f.instance(crashingWecom);
    const b = f.instance(new FakeWecom());
    f.clock.set(nextReminderAt!);

    // Instance A claims the rollout and hangs in agent/get (as good as crashed).
    const stuck = a.tick('instance-a');
    await held.entered;
    expect((await f.stores.rollouts.get(SUITE, CORP))!.lease?.owner).toBe('instance-a');

    // While A's lease lives, B leaves the rollout alone.
    expect(await b.tick('instance-b')).toMatchObject({ reminded: 0 });
    f.clock.advance(ROLLOUT_LEASE_MS - MINUTE);
    expect(await b.tick('instance-b')).toMatchObject({ reminded: 0 });

    // Once it has expired, B takes over and sends the reminder.
    f.clock.advance(2 * MINUTE);
    expect(await b.tick('instance-b')).toMatchObject({ reminded: 1 });
    expect(await f.sent({ topic: 'rollout_reminder' })).toHaveLength(2);

    // A wakes up: its release fails, so it sends nothing and changes nothing.
    held.release();
    expect(await stuck).toMatchObject({ reminded: 0 });
    expect(await f.sent({ topic: 'rollout_reminder' })).toHaveLength(2);
    const r = (await f.stores.rollouts.get(SUITE, CORP))!;
    expect(r).toMatchObject({ remindersSent: 1, unanswered: 1 });
    expect(r.lease).toBeUndefined();
    expect(f.logLines().some((l) => l.msg === 'rollout lease lost' && l.owner === 'instance-a')).toBe(true);
  });

  it('a crashed instance that never comes back does not block the reminder', async () => {
    const f = await createRolloutFixture();
    const { nextReminderAt } = await f.rollout.start(SUITE, CORP);
    f.clock.set(nextReminderAt!);
    // A claim and nothing after: the process died.
    await f.stores.rollouts.claimDue({
      owner: 'dead',
      now: f.clock.now(),
      leaseMs: ROLLOUT_LEASE_MS,
      limit: 10,
    });
    expect(await f.rollout.tick('instance-b')).toMatchObject({ reminded: 0 });
    f.clock.advance(ROLLOUT_LEASE_MS + 1);
    expect(await f.rollout.tick('instance-b')).toMatchObject({ reminded: 1 });
    expect(await f.rollout.tick('instance-b')).toMatchObject({ reminded: 0 });
  });
});
