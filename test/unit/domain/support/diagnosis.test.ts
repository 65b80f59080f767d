import { MAX_DIAGNOSED_ENTERPRISES } from '../../../../src/domain/support/checked-candidates';
import { createDiagnosis } from '../../../../src/domain/support/diagnosis';
import { ManualClock } from '../../../../src/shared/clock';
import { NotFoundError } from '../../../../src/shared/errors';
import { createMemoryStores } from '../../../../src/stores/memory';
import { anError, CORP, daysAgo, minutesAgo, NOW, seed, SUITE, TZ } from './support-fixture';

const IP_ERRMSG =
  'not allow to access from your ip, from ip: 1.2.3.4, more info at https://open.work.weixin.qq.com';

async function setup(o: { listeningSince?: Date; ticket?: boolean } = {}) {
  const stores = createMemoryStores();
  const clock = new ManualClock(NOW);
  const diagnosis = createDiagnosis({
    stores,
    clock,
    templates: new Map([[SUITE, { name: '客户管家' }]]),
    timeZone: TZ,
    maxUnanswered: 3,
    publicBaseUrl: 'https://bot.example.com',
    listeningSince: o.listeningSince ?? daysAgo(1),
  });
  // A fresh suite ticket, unless the test says there is none.
  if (o.ticket !== false)
    await stores.credentials.saveSuiteTicket({
      suiteId: SUITE,
      ticket: 't',
      timestamp: 1,
      receivedAt: minutesAgo(3),
    });
  return { stores, clock, diagnosis };
}

describe('diagnose(corpId)', () => {
  it('answers 404 for an enterprise it never saw', async () => {
    const { diagnosis } = await setup();
    await expect(diagnosis.diagnose('wwnobody')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('says nothing is wrong for a healthy enterprise, with where its app stands', async () => {
    const { stores, diagnosis } = await setup();
    await seed(stores);
    const d = await diagnosis.diagnose(CORP);
    expect(d).toMatchObject({ corpId: CORP, corpName: '示例科技', needsPerson: false, findings: [] });
    expect(d.summary).toBe('未发现问题');
    expect(d.state).toEqual(['「客户管家」(wwsuite01)：已启用；扩大可见范围：进行中（已达到：试点）']);
    const en = await diagnosis.diagnose(CORP, 'en');
    expect(en.summary).toBe('Nothing wrong found');
    expect(en.state).toEqual(['客户管家 (wwsuite01): enabled; rollout: active (reached: Pilot)']);
  });

  it('joins the WeCom errors seen into one plain cause, and lists them', async () => {
    const { stores, diagnosis } = await setup();
    await seed(stores);
    await stores.wecomErrors.record(anError({ errcode: 60020, errmsg: IP_ERRMSG }));
    await stores.wecomErrors.record(anError({ errcode: 60020, errmsg: IP_ERRMSG, at: daysAgo(3) })); // too old
    const d = await diagnosis.diagnose(CORP);
    expect(d.needsPerson).toBe(true);
    expect(d.findings.map((x) => x.rule)).toEqual(['ip_not_allowed']);
    expect(d.findings[0]!.evidence[0]).toContain('×1');
    expect(d.summary).toContain('1.2.3.4');
    expect(d.summary).toContain('→ 服务商后台：');
    expect((await diagnosis.diagnose(CORP, 'en')).summary).toContain(
      '→ the provider console: Add IP 1.2.3.4',
    );
    expect(d.recentErrors).toEqual([
      { at: minutesAgo(30), api: 'message/send', errcode: 60020, errmsg: IP_ERRMSG, suiteId: SUITE },
    ]);
  });

  it('includes its template’s missing suite ticket, since it explains the silence', async () => {
    const { stores, diagnosis, clock } = await setup();
    await seed(stores);
    clock.set(minutesAgo(-40));
    const d = await diagnosis.diagnose(CORP);
    expect(d.findings.map((x) => x.rule)).toEqual(['suite_ticket_stale']);
    expect(d.findings[0]!.nextStep).toContain('https://bot.example.com/wecom/templates/wwsuite01/callback');
  });

  it('lists the cancellation as the one thing to know, needing nobody', async () => {
    const { stores, diagnosis } = await setup();
    await seed(stores, { auth: { state: 'cancelled', updatedAt: daysAgo(1) } });
    const d = await diagnosis.diagnose(CORP);
    expect(d.needsPerson).toBe(false);
    expect(d.findings.map((x) => x.rule)).toEqual(['authorization_cancelled']);
    expect(d.state[0]).toContain('已取消授权');
    expect((await diagnosis.diagnose(CORP, 'en')).state[0]).toContain('authorization cancelled');
  });
});

describe('diagnoseAll()', () => {
  it('lists what needs a person, most urgent first, one 60020 finding for every enterprise it hits', async () => {
    const { stores, diagnosis } = await setup();
    await seed(stores);
    await seed(stores, { auth: { corpId: 'wwcorp02', corpName: '另一家' } });
    await seed(stores, {
      auth: { corpId: 'wwcorp03', corpName: '第三家' },
      rollout: {
        state: 'escalated',
        history: [{ at: daysAgo(1), what: 'escalated', detail: '3 reminders unanswered' }],
      },
    });
    await seed(stores, { auth: { corpId: 'wwcorp04', state: 'cancelled' } });
    for (const corpId of [CORP, 'wwcorp02'])
      await stores.wecomErrors.record(anError({ corpId, errcode: 60020, errmsg: IP_ERRMSG }));

    const { needsPerson: all, checkedEnterprises, notChecked } = await diagnosis.diagnoseAll();
    expect(all.map((x) => x.rule)).toEqual(['ip_not_allowed', 'rollout_escalated']);
    // Fewer candidates than the bound: every one is checked, nothing is left over.
    expect([checkedEnterprises, notChecked]).toEqual([3, { enterprises: 0, lists: [] }]);
    expect(all[0]!.enterprises).toEqual([
      { corpId: CORP, corpName: '示例科技' },
      { corpId: 'wwcorp02', corpName: '另一家' },
    ]);
    expect(all[1]!.enterprises).toEqual([{ corpId: 'wwcorp03', corpName: '第三家' }]);
  });

  it('includes template and provider-wide problems with no enterprise', async () => {
    const { stores, diagnosis } = await setup({ listeningSince: minutesAgo(45), ticket: false });
    await stores.wecomErrors.record(
      anError({
        corpId: undefined,
        suiteId: undefined,
        api: 'webhook/send',
        errcode: 93000,
        errmsg: 'invalid webhook url',
      }),
    );
    const { needsPerson: all } = await diagnosis.diagnoseAll();
    expect(all.map((x) => [x.rule, x.severity])).toEqual([
      ['suite_ticket_stale', 'critical'],
      ['wecom_error', 'warning'],
    ]);
    expect(all[1]!.nextStep).toContain('supportWebhookUrl');
    expect(all.every((x) => x.enterprises.length === 0)).toBe(true);
  });

  it('diagnoses the most urgent candidates up to its bound, and counts the rest with where to see them', async () => {
    const { stores, diagnosis } = await setup();
    const escalated = { state: 'escalated' as const, history: [{ at: daysAgo(1), what: 'escalated' }] };
    const stuck = Array.from(
      { length: MAX_DIAGNOSED_ENTERPRISES + 3 },
      (_, i) => `wwstuck${String(i).padStart(3, '0')}`,
    );
    for (const corpId of stuck)
      await seed(stores, { auth: { corpId, corpName: corpId }, rollout: escalated });
    // Last by corp id, first by urgency: a WeCom error outranks a stuck rollout.
    await seed(stores, { auth: { corpId: 'wwzz-blocked', corpName: '被拦住' } });
    await stores.wecomErrors.record(anError({ corpId: 'wwzz-blocked', errcode: 60020, errmsg: IP_ERRMSG }));
    const read = jest.spyOn(stores.rollouts, 'list');

    const { needsPerson, checkedEnterprises, notChecked } = await diagnosis.diagnoseAll();
    const diagnosed = read.mock.calls.map(([filter]) => filter?.corpId);
    expect(diagnosed).toHaveLength(MAX_DIAGNOSED_ENTERPRISES);
    expect(diagnosed).toContain('wwzz-blocked');
    expect(checkedEnterprises).toBe(MAX_DIAGNOSED_ENTERPRISES);
    // Ties in urgency go by corp id: the last four stuck ones wait.
    expect(notChecked).toEqual({ enterprises: 4, lists: [{ filter: { stuck: 'true' }, enterprises: 4 }] });
    const of = (rule: string) =>
      needsPerson.filter((x) => x.rule === rule).flatMap((x) => x.enterprises.map((e) => e.corpId));
    expect(of('ip_not_allowed')).toEqual(['wwzz-blocked']);
    expect(of('rollout_escalated').sort()).toEqual(stuck.slice(0, MAX_DIAGNOSED_ENTERPRISES - 1));
  });

  it('leaves out the enterprises it is told to, unread and uncounted', async () => {
    const { stores, diagnosis } = await setup();
    await seed(stores, {
      rollout: { state: 'escalated', history: [{ at: daysAgo(1), what: 'escalated' }] },
    });
    const { needsPerson, checkedEnterprises } = await diagnosis.diagnoseAll('zh-CN', {
      without: new Set([CORP]),
    });
    expect([needsPerson, checkedEnterprises]).toEqual([[], 0]);
  });
});
