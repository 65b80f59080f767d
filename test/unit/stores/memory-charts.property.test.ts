import fc from 'fast-check';
import type { Rollout } from '../../../src/domain/model';
import { isStuck } from '../../../src/domain/rollout/is-stuck';
import { FUNNEL_STAGES, funnelStage } from '../../../src/domain/support/funnel-stage';
import type { Stores } from '../../../src/domain/ports/stores';
import { MINUTE } from '../../../src/shared/clock';
import { createMemoryStores } from '../../../src/stores/memory';
import { runs } from '../../helpers/property-runs';
import { anApp, anAuthorization } from '../../helpers/domain-builders';

const T0 = new Date('2026-03-01T00:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * MINUTE);
const SUITE = 'wwsuiteprop';
const CORPS = ['c0', 'c1', 'c2', 'c3', 'c4'];

/** The funnel as a listing would count it: every record read, isStuck asked of each. */
async function scanned(stores: Stores, now: Date) {
  const [auths, apps, rollouts] = await Promise.all([
    stores.authorizations.list(),
    stores.apps.list(),
    stores.rollouts.list(),
  ]);
  const counts = new Map(FUNNEL_STAGES.map((s) => [s, { stage: s, count: 0, stuck: 0 }]));
  for (const app of apps) {
    const auth = auths.find((a) => a.corpId === app.corpId);
    if (!auth || auth.test || auth.state !== 'active') continue;
    const rollout = rollouts.find((r) => r.corpId === app.corpId);
    const c = counts.get(funnelStage(app, rollout))!;
    c.count += 1;
    if (rollout && isStuck(rollout, now)) c.stuck += 1;
  }
  return [...counts.values()];
}

const corp = fc.constantFrom(...CORPS);
const minute = fc.integer({ min: 0, max: 60 * 24 * 60 });
const op = fc.oneof(
  fc.record({
    kind: fc.constant('status' as const),
    corp,
    status: fc.constantFrom('developing', 'in_review', 'approved', 'enabled') as fc.Arbitrary<'developing'>,
  }),
  fc.record({
    kind: fc.constant('rollout' as const),
    corp,
    stageIndex: fc.integer({ min: -1, max: 2 }),
    state: fc.constantFrom('active', 'paused', 'completed', 'cancelled', 'escalated') as fc.Arbitrary<
      Rollout['state']
    >,
    reminder: fc.option(minute, { nil: undefined }),
    progress: fc.option(fc.constantFrom('advanced', 'reminded', 'resumed'), { nil: undefined }),
    at: minute,
  }),
  fc.record({ kind: fc.constant('auth' as const), corp, test: fc.boolean(), cancelled: fc.boolean() }),
  // Looks often, so that time moves back and forth between writes.
  { arbitrary: fc.record({ kind: fc.constant('look' as const), at: minute }), weight: 3 },
);

describe('the memory charts’ running funnel', () => {
  it('always equals a scan of the records, whatever the writes and however time moves', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 40 }), async (ops) => {
        const stores = createMemoryStores();
        for (const corpId of CORPS) {
          await stores.authorizations.create(anAuthorization(T0, { suiteId: SUITE, corpId }));
          await stores.apps.create(anApp(T0, { suiteId: SUITE, corpId, status: 'developing' }));
        }
        for (const o of ops) {
          if (o.kind === 'status')
            await stores.apps.transition(
              SUITE,
              o.corp,
              ['developing', 'in_review', 'approved', 'enabled'],
              o.status,
              't',
              T0,
            );
          if (o.kind === 'auth') {
            await stores.authorizations.update(SUITE, o.corp, { test: o.test }, T0);
            if (o.cancelled) await stores.authorizations.cancel(SUITE, o.corp, T0);
            else await stores.authorizations.update(SUITE, o.corp, { state: 'active' }, T0);
          }
          if (o.kind === 'rollout') {
            const patch = {
              stageIndex: o.stageIndex,
              state: o.state,
              nextReminderAt: o.reminder === undefined ? undefined : at(o.reminder),
            };
            const entry = o.progress ? { at: at(o.at), what: o.progress } : undefined;
            // The first write of a corp's rollout creates it; later ones find it there.
            await stores.rollouts.create({
              suiteId: SUITE,
              corpId: o.corp,
              plan: [
                { name: 'p', reach: 'members', waitMinutes: 1 },
                { name: 'd', reach: 'departments', waitMinutes: 1 },
                { name: 'c', reach: 'company', waitMinutes: 0 },
              ],
              unanswered: 0,
              remindersSent: 0,
              history: [],
              createdAt: at(o.at),
              updatedAt: at(o.at),
              stageIndex: -1,
              state: 'active',
            });
            await stores.rollouts.update(SUITE, o.corp, patch, at(o.at), { entry });
          }
          if (o.kind === 'look')
            expect(await stores.charts.funnel(at(o.at))).toEqual(await scanned(stores, at(o.at)));
        }
      }),
      runs(1000, 150),
    );
  });
});
