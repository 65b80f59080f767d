import { DAY, HOUR, MINUTE } from '../../src/shared/clock';
import type { InboxEntry, SupportAlert } from '../../src/simulator/sim-types';
import { createTranscript, localStamp } from './transcript';
import { check, startTourWorld, TourError } from './tour-world';

/** Monday 10:00 in Shanghai: the story starts inside working hours. */
const START = '2026-03-02T02:00:00Z';
const TIME_ZONE = 'Asia/Shanghai';
const ADMINS = ['zhangsan', 'lisi'];
const PILOT = [...ADMINS, 'wangwu', 'zhaoliu'];
const SALES = 2;

export interface TourResult {
  transcript: string[];
  /** The rollout at the end (completed at the whole-company stage when all went well). */
  rollout: { state: string; stageIndex: number; stage: string };
  /** Everything WeCom delivered to the enterprise and the support group, for checking the transcript. */
  delivered: InboxEntry[];
  alerts: SupportAlert[];
}

/**
 * The whole story on one machine: an enterprise authorizes the demo template, the app goes online,
 * the admins set a pilot, approve a custom permission, are reminded (within working hours) and
 * widen step by step until the whole company sees the app. Throws TourError when a step fails.
 */
export async function runTour(opts: { write?: (line: string) => void } = {}): Promise<TourResult> {
  const w = await startTourWorld(START);
  const { sim, clock, suiteId, running } = w;
  const stores = running.container.stores;
  const t = createTranscript(sim, { timeZone: TIME_ZONE, write: opts.write });
  try {
    t.scene('0. 服务商 Provider');
    t.note(
      `bot ${running.url} · WeCom simulator ${running.simulatorUrl} · clock ${localStamp(clock.now(), TIME_ZONE)} ${TIME_ZONE}`,
    );
    const template = await stores.templates.get(suiteId);
    check(template?.status === 'online', 'the demo template was not recorded as online');
    check(await stores.credentials.getSuiteTicket(suiteId), 'the bot got no suite_ticket');
    t.act(
      '服务商 Provider',
      `代开发模版「${template.name}」已上线，企业微信推送了 suite_ticket / template online, suite_ticket pushed`,
    );

    t.scene('1. 企业扫码授权 An enterprise authorizes the template');
    const { corpId } = await sim.authorizeTemplate(suiteId, {
      corpName: '示例科技',
      admins: ADMINS,
      members: ['wangwu', 'zhaoliu'],
      departments: [{ id: SALES, name: '销售部 Sales', members: ['xiaoming', 'xiaohong', 'xiaogang'] }],
    });
    await w.settle();
    t.act(
      'zhangsan (管理员 admin)',
      '扫码授权，管理员 zhangsan、lisi / scans the QR code; admins zhangsan, lisi',
    );
    const auth = await stores.authorizations.get(suiteId, corpId);
    check(auth?.state === 'active', 'create_auth did not record an active authorization');
    check(
      ADMINS.every((a) => auth.admins.includes(a)),
      `admins recorded: ${auth.admins.join(', ')}`,
    );
    const app = await stores.apps.get(suiteId, corpId);
    check(app?.status === 'developing', `the new app should be developing, is ${app?.status}`);
    t.note(
      `机器人记录了授权，应用「开发中」/ the bot recorded the authorization; the app is developing (${corpId})`,
    );
    await w.tick();
    t.news();

    t.scene('2. 应用上线 The provider puts the app online');
    sim.putOnline(corpId);
    t.act('服务商 Provider', '提交审核并上线 / puts the app online (WeCom sends no callback for it)');
    await w.advanceUntil(
      async () => (await stores.apps.get(suiteId, corpId))?.status === 'enabled',
      'the poll of agent/get did not notice the app online',
      HOUR,
      MINUTE,
    );
    t.note('机器人轮询 agent/get 发现已上线 / the bot polled agent/get and saw it online');
    t.news();
    for (const admin of ADMINS) {
      check(
        sim.inbox(corpId, admin).some((e) => /已启用/.test(e.card?.main_title?.title ?? '')),
        `${admin} did not get the enabled card`,
      );
    }

    t.scene('3. 设置试点 The admin sets a pilot');
    sim.setVisibility(corpId, { users: PILOT });
    t.act(
      'zhangsan',
      `在管理后台把可见范围设为试点成员 / sets the visibility to pilot members: ${PILOT.join(', ')}`,
    );
    await w.tap(corpId, 'zhangsan', /试点/);
    t.act('zhangsan', '点「已设置试点范围 / Pilot set」');
    t.news();

    t.scene('4. 自定义权限 A custom-permission change');
    sim.fileProviderPermissionChange(corpId, ['customer_contact']);
    t.act('客服 Support', '在服务商后台保存权限变更「客户联系」 / saves the change in the provider console');
    t.news();
    const filed = await w.api('POST', `/admin/api/apps/${suiteId}/${corpId}/permission-requests`, {
      permissions: ['customer_contact'],
      filedBy: 'demo',
    });
    const requestId = (filed.request as { id: string }).id;
    t.act(
      '客服 Support',
      '在机器人里登记，机器人向管理员解释用途 / files it with the bot, which explains it to the admins',
    );
    t.news();
    await w.tap(corpId, 'lisi', /同意/);
    t.act('lisi', '在机器人卡片上点「同意 / Approve」');
    t.news();
    const asked = (await w.api('GET', `/admin/api/permission-requests/${requestId}`)).request as {
      state: string;
      stateLabel: string;
    };
    // The card records the intent only: WeCom still answers 48002 until its own notice is agreed to.
    check(asked.state === 'pending', `after the card's 同意 the request is ${asked.state}, not pending`);
    t.note(
      `机器人记录意向并提示去企业微信通知中确认 / the bot records the intent and says where to confirm: ${asked.stateLabel}`,
    );
    await sim.grantPermission(corpId);
    await w.settle();
    t.act(
      'lisi',
      '在企业微信「权限变更」通知中点「同意」 / agrees in WeCom’s notice (WeCom sends change_auth)',
    );
    t.news();
    const req = (await w.api('GET', `/admin/api/permission-requests/${requestId}`)).request as {
      state: string;
      stateLabel: string;
    };
    check(req.state === 'granted', `the permission request is ${req.state}, not granted`);
    t.note(
      `change_auth 后机器人调用 get_follow_user_list，权限已生效 / after change_auth the bot checked it works: ${req.stateLabel}`,
    );

    await untilNewMessage(w, t, 'the support alerts after change_auth', DAY);

    t.scene('5. 按计划提醒 Reminders on the schedule (working hours only)');
    await untilNewMessage(w, t, 'the first rollout reminder', 8 * DAY);
    await w.tap(corpId, 'zhangsan', /三天后再提醒/);
    t.act('zhangsan', '点「三天后再提醒 / Remind me in 3 days」');
    t.news();
    t.note(
      '三天后是周日，机器人等到工作时间再提醒 / three days later is a Sunday: the bot waits for working hours',
    );
    await untilNewMessage(w, t, 'the reminder after "later"', 8 * DAY);

    t.scene('6. 扩大到部门 Widen to a department');
    sim.setVisibility(corpId, { users: PILOT, parties: [SALES] });
    t.act('lisi', '把「销售部 Sales」加入可见范围 / adds the Sales department');
    await w.tap(corpId, 'lisi', /已扩大/);
    t.act('lisi', '点「已扩大 / Widened」');
    t.news();
    const dept = await stores.rollouts.get(suiteId, corpId);
    check(dept?.stageIndex === 1, `after widening to a department the stage is ${dept?.stageIndex}, not 1`);

    t.scene('7. 扩大到全员 Widen to the whole company');
    await untilNewMessage(w, t, 'the reminder to widen to the whole company', 10 * DAY);
    sim.setVisibility(corpId, { parties: [1] });
    t.act('zhangsan', '可见范围选择根部门（全员） / picks the root department (everyone)');
    await w.tap(corpId, 'zhangsan', /已扩大/);
    t.act('zhangsan', '点「已扩大 / Widened」');
    t.news();

    t.scene('8. 问状态 An admin asks for the status');
    await sim.sendText(corpId, 'zhangsan', '状态');
    await w.settle();
    t.act('zhangsan', '状态');
    t.news();

    t.scene('9. 另一家企业改变主意 Another enterprise changes its mind');
    const other = await sim.authorizeTemplate(suiteId, { corpName: '样例贸易', admins: ['wanglei'] });
    await w.settle();
    await sim.cancelAuthorization(other.corpId);
    await w.settle();
    t.act('wanglei (样例贸易 admin)', '扫码授权后又取消授权 / authorizes, then cancels the authorization');
    check(t.news() > 0, 'the cancelled authorization raised no support alert');

    const r = await stores.rollouts.get(suiteId, corpId);
    check(r, 'no rollout was recorded');
    const stage = r.plan[r.stageIndex]?.name ?? '—';
    check(
      r.state === 'completed' && r.plan[r.stageIndex]?.reach === 'company',
      `the rollout ended ${r.state} at stage ${stage}, not completed at the whole company`,
    );
    t.scene(`完成 Done: 「${stage}」, ${r.state}`);
    return {
      transcript: t.lines,
      rollout: { state: r.state, stageIndex: r.stageIndex, stage },
      delivered: sim.state.inbox.filter((e) => e.from !== 'user'),
      alerts: sim.alerts(),
    };
  } catch (err) {
    if (err instanceof TourError) {
      const problems = w.problems();
      if (problems.length) err.message += `\nbot warnings and errors:\n  ${problems.join('\n  ')}`;
    }
    throw err;
  } finally {
    await w.close();
  }
}

/** Hour by hour until the admins get something new; writes it with the time it came. */
async function untilNewMessage(
  w: Awaited<ReturnType<typeof startTourWorld>>,
  t: ReturnType<typeof createTranscript>,
  what: string,
  max: number,
): Promise<void> {
  await w.advanceUntil(() => t.news() > 0, what, max);
}
