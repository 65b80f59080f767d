import { DAY, HOUR, MINUTE } from '../../src/shared/clock';
import { startTourWorld, type TourWorld } from '../../scripts/demo/tour-world';

const ADMINS = ['zhangsan', 'lisi'];

/** The texts an admin really received from the app (what WeCom delivered, not what the bot sent). */
function textsTo(w: TourWorld, corpId: string, userId: string): string[] {
  return w.sim
    .inbox(corpId, userId)
    .filter((e) => e.from === 'app' && e.msgtype === 'text')
    .map((e) => e.content ?? '');
}

describe('what reaches the admins, as WeCom delivers it (simulator)', () => {
  let w: TourWorld;
  let corpId: string;
  beforeEach(async () => {
    w = await startTourWorld('2026-03-02T02:00:00Z');
    ({ corpId } = await w.sim.authorizeTemplate(w.suiteId, {
      corpName: '示例科技',
      admins: ADMINS,
      members: ['wangwu', 'zhaoliu'],
    }));
    await w.settle();
  });
  afterEach(() => w.close());

  it('answers 帮助 asked three times: WeCom’s duplicate check does not swallow a question asked again', async () => {
    for (let i = 0; i < 3; i++) {
      await w.sim.sendText(corpId, 'zhangsan', '帮助');
      await w.settle();
      // The admin reads the answer and asks again a few minutes later.
      w.clock.advance(6 * MINUTE);
    }
    const answers = textsTo(w, corpId, 'zhangsan');
    expect(answers).toHaveLength(3);
    expect(new Set(answers).size).toBe(1);
    const sent = await w.running.container.stores.outbox.list({ corpId, topic: 'text_reply' });
    expect(sent.map((m) => m.status)).toEqual(['sent', 'sent', 'sent']);
  });

  it('a pilot that leaves the admins out: the reminder reaches nobody, is not counted, and support is told the right fix', async () => {
    const { stores } = w.running.container;
    await w.putOnline(corpId);
    // The admin sets a pilot of two members and forgets to stay in it.
    w.sim.setVisibility(corpId, { users: ['wangwu', 'zhaoliu'] });
    await w.advanceUntil(
      async () => (await stores.rollouts.get(w.suiteId, corpId))?.state === 'escalated',
      'the rollout did not hand over to support',
      30 * DAY,
      6 * HOUR,
    );

    const rollout = (await stores.rollouts.get(w.suiteId, corpId))!;
    expect(rollout.stageIndex).toBe(0);
    expect(rollout.remindersSent).toBe(1);
    expect(rollout.unanswered).toBe(0);
    const reminders = await stores.outbox.list({ corpId, topic: 'rollout_reminder' });
    expect(reminders.map((m) => [m.status, m.lastErrcode])).toEqual([
      ['failed', 81013],
      ['failed', 81013],
    ]);
    for (const admin of ADMINS) {
      expect(w.sim.inbox(corpId, admin).filter((e) => e.card?.task_id?.includes('reminder'))).toEqual([]);
    }
    const alerts = w.sim.alerts().map((a) => a.content);
    expect(alerts.filter((a) => a.includes('加入应用的可见范围'))).not.toHaveLength(0);
    const escalation = alerts.find((a) => a.includes('扩大可见范围需要人工跟进'));
    // Each fact once: the corp in its own line (not the title too), the fix as what to do.
    expect(escalation?.match(/示例科技/g)).toHaveLength(1);
    expect(escalation?.match(/加入应用的可见范围/g)).toHaveLength(1);
    expect(escalation).toContain('> 处理: 请管理员把自己加入应用的可见范围');
    expect(alerts.join('\n')).not.toContain('请管理员扩大可见范围');

    const { diagnosis } = (await w.api('GET', `/admin/api/enterprises/${corpId}/diagnosis`)) as {
      diagnosis: { findings: { rule: string; nextStep: string }[] };
    };
    const escalated = diagnosis.findings.find((f) => f.rule === 'rollout_escalated');
    expect(escalated?.nextStep).toContain('加入应用的可见范围');
    expect(JSON.stringify(diagnosis)).not.toContain('请管理员扩大可见范围');
  });
});
