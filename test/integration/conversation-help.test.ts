import { startOffsetMinutes } from '../../src/domain/rollout/schedule';
import { DAY, HOUR, minutesAfter } from '../../src/shared/clock';
import { startTourWorld, type TourWorld } from '../../scripts/demo/tour-world';
import { DEMO_TEMPLATE_NAME } from '../../src/embedded-default';

const ADMINS = ['zhangsan', 'lisi'];

/**
 * Issue 15, item 5, end to end through the simulator: what an admin can send is named in every
 * reply to what the bot cannot read, and 恢复 resumes a paused rollout in chat.
 */
describe('a conversation that helps (simulator, HTTP endpoints)', () => {
  let w: TourWorld;
  afterEach(() => w.close());

  /** An enterprise whose app is enabled, its admins in the pilot. */
  async function enabledCorp(corpName: string): Promise<string> {
    const { corpId } = await w.sim.authorizeTemplate(w.suiteId, {
      corpName,
      admins: ADMINS,
      members: ['wangwu'],
    });
    await w.settle();
    await w.putOnline(corpId);
    w.sim.setVisibility(corpId, { users: [...ADMINS, 'wangwu'] });
    return corpId;
  }
  const texts = (corpId: string, user: string): string[] =>
    w.sim
      .inbox(corpId, user)
      .flatMap((e) => (e.from === 'app' && e.msgtype === 'text' && e.content ? [e.content] : []));
  const rollout = async (corpId: string) =>
    (await w.running.container.stores.rollouts.get(w.suiteId, corpId))!;
  const pause = (corpId: string) =>
    w.api('POST', `/admin/api/apps/${w.suiteId}/${corpId}/rollout/pause`, { by: 'support:li' });

  it('an image, a voice note or an emoji gets the commands that apply now, naming what is pending', async () => {
    w = await startTourWorld('2026-03-02T02:00:00Z');
    const corpId = await enabledCorp('示例科技');

    await w.sim.sendMedia(corpId, 'zhangsan', 'image');
    await w.settle();
    const [nothingPending] = texts(corpId, 'zhangsan');
    expect(nothingPending).toMatch(/^收到图片。/);
    // One language: the enterprise's (zh-CN by default), English nowhere.
    expect(nothingPending).not.toMatch(/[A-Za-z]/);
    expect(nothingPending).toContain('· 状态');
    expect(nothingPending).toContain('· 帮助');
    expect(nothingPending).not.toMatch(/同意|恢复/);

    // A permission request waits, and support paused the rollout.
    w.sim.fileProviderPermissionChange(corpId, ['customer_contact']);
    await w.api('POST', `/admin/api/apps/${w.suiteId}/${corpId}/permission-requests`, {
      permissions: ['customer_contact'],
      filedBy: 'support:li',
    });
    await pause(corpId);
    // Each reply names what came, so WeCom's duplicate check does not swallow the second.
    await w.sim.sendMedia(corpId, 'zhangsan', 'voice');
    await w.sim.sendText(corpId, 'zhangsan', '😀');
    await w.settle();
    // The permission card's purposes came as text too; the replies are the rest.
    const [, ...helps] = texts(corpId, 'zhangsan').filter((t) => !t.includes('申请的权限及用途'));
    expect(helps).toEqual([expect.stringMatching(/^收到语音。/), expect.stringMatching(/^收到「😀」。/)]);
    for (const help of helps) {
      expect(help).toContain('同意 或 暂不授权 — 答复等待您确认的权限申请');
      expect(help).toContain('恢复 — 恢复已暂停的扩大可见范围提醒');
      expect(help).not.toContain('没有理解');
    }

    // A member who is not an admin can neither answer nor resume: he hears 状态 and 帮助.
    await w.sim.sendMedia(corpId, 'wangwu', 'location');
    await w.settle();
    const [memberHelp] = texts(corpId, 'wangwu');
    expect(memberHelp).toContain('· 状态');
    expect(memberHelp).not.toMatch(/同意|恢复/);
  });

  it('恢复 resumes a paused rollout, as by the admin; only an admin, only when paused', async () => {
    w = await startTourWorld('2026-03-02T02:00:00Z');
    const corpId = await enabledCorp('示例科技');
    await pause(corpId);

    await w.sim.sendText(corpId, 'wangwu', '恢复');
    await w.settle();
    expect(texts(corpId, 'wangwu')).toEqual([expect.stringContaining('只有应用管理员可以恢复')]);
    expect((await rollout(corpId)).state).toBe('paused');

    await w.sim.sendText(corpId, 'zhangsan', '恢复');
    await w.settle();
    const resumed = await rollout(corpId);
    expect(resumed.state).toBe('active');
    expect(resumed.history.at(-1)).toMatchObject({ what: 'resumed', by: 'zhangsan' });
    expect(texts(corpId, 'zhangsan')).toEqual([expect.stringContaining('已恢复扩大可见范围的提醒')]);

    // Nothing paused any more: a plain explanation, and the rollout is left as it is.
    await w.sim.sendText(corpId, 'lisi', 'resume');
    await w.settle();
    expect(texts(corpId, 'lisi')).toEqual([expect.stringContaining('没有暂停，无需恢复')]);
    expect((await rollout(corpId)).history).toHaveLength(resumed.history.length);
  });

  it('an English-speaking enterprise hears only English, whichever language its admins type in', async () => {
    w = await startTourWorld('2026-03-02T02:00:00Z');
    const corpId = await enabledCorp('Example Ltd');
    await w.api('POST', `/admin/api/enterprises/${corpId}/locale`, { locale: 'en' });
    await pause(corpId);

    await w.sim.sendText(corpId, 'zhangsan', '帮助');
    await w.sim.sendMedia(corpId, 'zhangsan', 'image');
    await w.sim.sendText(corpId, 'zhangsan', '状态');
    await w.sim.sendText(corpId, 'zhangsan', '恢复');
    await w.sim.sendText(corpId, 'wangwu', 'resume');
    await w.settle();
    const [help, image, status, resumed] = texts(corpId, 'zhangsan');
    expect(help).toMatch(/^I can help with:/);
    expect(image).toMatch(/^Got your image\./);
    expect(image).toContain('· resume — turn the paused rollout reminders back on');
    expect(status).toContain('Rollout: paused');
    expect(resumed).toMatch(/^Rollout reminders are back on/);
    expect(texts(corpId, 'wangwu')).toEqual(['Only an admin of the app can resume the rollout reminders.']);
    // The app's name is the provider's; every other word is English.
    const all = [...texts(corpId, 'zhangsan'), ...texts(corpId, 'wangwu')];
    expect(all.filter((t) => /\p{Script=Han}/u.test(t.replaceAll(DEMO_TEMPLATE_NAME, '')))).toEqual([]);
  });

  it('暂停 on a reminder card says to send 恢复', async () => {
    w = await startTourWorld('2026-03-02T02:00:00Z');
    const corpId = await enabledCorp('示例科技');
    // The pilot (the admins and one member) has run its course: the reminder to widen comes.
    await w.advanceUntil(async () => (await rollout(corpId)).remindersSent > 0, 'no reminder', 5 * DAY);
    await w.tap(corpId, 'zhangsan', /暂停/);
    expect((await rollout(corpId)).state).toBe('paused');
    expect(texts(corpId, 'zhangsan').at(-1)).toContain('发送「恢复」');
  });

  it('two enterprises resumed after hours are due the next morning at their own minute of the first hour', async () => {
    // Monday 02:00 UTC is 10:00 in Shanghai.
    w = await startTourWorld('2026-03-02T02:00:00Z');
    const corps = [await enabledCorp('甲公司'), await enabledCorp('乙公司')];
    // The simulator makes up corp ids, and two share a minute one time in sixty: another stands in.
    for (let n = 1; offsetOf(corps[0]!) === offsetOf(corps[1]!); n++)
      corps[1] = await enabledCorp(`乙公司${n}`);
    for (const corpId of corps) await pause(corpId);

    w.clock.set('2026-03-02T12:00:00Z'); // 20:00 in Shanghai, after working hours
    for (const corpId of corps) await w.sim.sendText(corpId, 'zhangsan', '恢复');
    await w.settle();

    const due = await Promise.all(corps.map(async (c) => (await rollout(c)).nextReminderAt));
    const nextMorning = new Date('2026-03-03T09:00+08:00');
    expect(due).toEqual(corps.map((c) => minutesAfter(nextMorning, offsetOf(c))));
    expect(due[0]).not.toEqual(due[1]);
    for (const d of due) {
      expect(d!.getTime() - nextMorning.getTime()).toBeGreaterThanOrEqual(0);
      expect(d!.getTime() - nextMorning.getTime()).toBeLessThan(HOUR);
    }
  });

  const offsetOf = (corpId: string) => startOffsetMinutes(w.suiteId, corpId);
});
