import { startTourWorld, type TourWorld } from '../../scripts/demo/tour-world';
import { DAY, HOUR } from '../../src/shared/clock';

const HAN = /\p{Script=Han}/u;

describe('support alerts in the configured language (alerts.locale = en, through the simulator)', () => {
  let w: TourWorld;
  afterEach(() => w.close());

  it('a pilot that leaves the admins out: every alert the support group gets, and the timeline, in English only', async () => {
    w = await startTourWorld('2026-03-02T02:00:00Z', { alerts: { locale: 'en' } });
    const { corpId } = await w.sim.authorizeTemplate(w.suiteId, {
      corpName: 'Acme Trading',
      admins: ['zhangsan', 'lisi'],
      members: ['wangwu', 'zhaoliu'],
    });
    await w.settle();
    const { stores } = w.running.container;
    await w.putOnline(corpId);
    w.sim.setVisibility(corpId, { users: ['wangwu', 'zhaoliu'] });
    await w.advanceUntil(
      async () => (await stores.rollouts.get(w.suiteId, corpId))?.state === 'escalated',
      'the rollout did not hand over to support',
      30 * DAY,
      6 * HOUR,
    );

    // The enterprise's data is English here and the stages have English names (the default plan's):
    // any Chinese would be the bot's own words or a stage's Chinese name.
    const alerts = w.sim.alerts().map((a) => a.content);
    // 81013 from WeCom (its hint) and the escalation of the rollout.
    expect(alerts.map((a) => /\*\*(.+?)\*\*/.exec(a)?.[1])).toEqual([
      'WeCom API error needs a fix',
      'Rollout needs a person',
    ]);
    expect(alerts.filter((a) => HAN.test(a))).toEqual([]);
    const escalation = alerts.find((a) => a.includes('**Rollout needs a person**'));
    expect(escalation?.split('\n')).toEqual(
      expect.arrayContaining([
        '> Corp: Acme Trading `' + corpId + '`',
        '- The last reminder reached no admin.',
        expect.stringMatching(
          /^> What to do: The admins must add themselves to the app’s visibility range and hold an interface licence; Resume: POST /,
        ),
      ]),
    );
    // Each fact once: the corp on its own line, the fix as what to do.
    expect(escalation).toContain('Reached: Pilot');
    expect(escalation?.match(/Acme Trading/g)).toHaveLength(1);
    expect(escalation?.match(/add themselves/g)).toHaveLength(1);
    expect(escalation).not.toContain('escalated');

    const { timeline } = (await w.api(
      'GET',
      `/admin/api/apps/${w.suiteId}/${corpId}/timeline?locale=en&pageSize=100`,
    )) as { timeline: { source: string; summary: string }[] };
    const alertEntries = timeline.filter((e) => e.summary.startsWith('support alert:'));
    expect(alertEntries.map((e) => e.summary)).toContain('support alert: Rollout needs a person');
    expect(alertEntries.filter((e) => HAN.test(e.summary))).toEqual([]);
  });
});
