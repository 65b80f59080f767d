import { DAY } from '../../src/shared/clock';
import type { InboxEntry, SupportAlert } from '../../src/simulator/sim-types';
import { reachName } from '../../src/domain/rollout/reach-words';
import type { Locale } from '../../src/shared/locale';
import { narration } from './narration';
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
  /** The stage reached, as the enterprise's admins read it. */
  stageName: string;
  /** Everything WeCom delivered to the enterprise and the support group, for checking the transcript. */
  delivered: InboxEntry[];
  alerts: SupportAlert[];
  /** Card fields the simulator found over WeCom's limits: none, when every card is built to fit. */
  limitViolations: unknown[];
}

/**
 * The whole story on one machine: an enterprise authorizes the demo template, the app goes online,
 * the admins set a pilot, approve a custom permission, are reminded (within working hours) and
 * widen step by step until the whole company sees the app. Throws TourError when a step fails.
 */
export async function runTour(
  opts: { write?: (line: string) => void; locale?: Locale } = {},
): Promise<TourResult> {
  const locale = opts.locale ?? 'zh-CN';
  const n = narration(locale);
  // The support group reads the story's language too.
  const w = await startTourWorld(START, { alerts: { locale } });
  const { sim, clock, suiteId, running } = w;
  const stores = running.container.stores;
  const t = createTranscript(sim, { timeZone: TIME_ZONE, write: opts.write, words: n });
  const admin = (user: string) => n.admin(user);
  try {
    t.scene(n.scenes[0]!);
    t.note(
      `bot ${running.url} · WeCom simulator ${running.simulatorUrl} · ${localStamp(clock.now(), TIME_ZONE, n)} ${TIME_ZONE}`,
    );
    const template = await stores.templates.get(suiteId);
    check(template?.status === 'online', 'the demo template was not recorded as online');
    check(await stores.credentials.getSuiteTicket(suiteId), 'the bot got no suite_ticket');
    t.act(n.provider, n.lines.online(template.name));

    t.scene(n.scenes[1]!);
    const { corpId } = await sim.authorizeTemplate(suiteId, {
      corpName: '示例科技',
      admins: ADMINS,
      members: ['wangwu', 'zhaoliu'],
      departments: [
        {
          id: SALES,
          name: locale === 'en' ? 'Sales' : '销售部',
          members: ['xiaoming', 'xiaohong', 'xiaogang'],
        },
      ],
    });
    await w.settle();
    // Support gives the enterprise its language before the app says anything to it.
    await w.api('POST', `/admin/api/enterprises/${corpId}/locale`, { locale });
    t.act(admin('zhangsan'), n.lines.scans);
    const auth = await stores.authorizations.get(suiteId, corpId);
    check(auth?.state === 'active', 'create_auth did not record an active authorization');
    check(
      ADMINS.every((a) => auth.admins.includes(a)),
      `admins recorded: ${auth.admins.join(', ')}`,
    );
    const app = await stores.apps.get(suiteId, corpId);
    check(app?.status === 'developing', `the new app should be developing, is ${app?.status}`);
    t.note(n.lines.recorded(corpId));
    await w.tick();
    t.news();

    t.scene(n.scenes[2]!);
    t.act(n.provider, n.lines.putOnline);
    await w.putOnline(corpId);
    t.note(n.lines.polled);
    t.news();
    for (const a of ADMINS) {
      check(
        sim.inbox(corpId, a).some((e) => e.card?.button_list?.some((b) => n.buttons.pilotSet.test(b.text))),
        `${a} did not get the enabled card`,
      );
    }

    t.scene(n.scenes[3]!);
    sim.setVisibility(corpId, { users: PILOT });
    t.act('zhangsan', n.lines.setsPilot(PILOT.join(', ')));
    await w.tap(corpId, 'zhangsan', n.buttons.pilotSet);
    t.act('zhangsan', n.lines.taps(n.buttons.pilotSet.source.slice(1, -1)));
    t.news();

    t.scene(n.scenes[4]!);
    sim.fileProviderPermissionChange(corpId, ['customer_contact']);
    t.act(n.support, n.lines.savesChange);
    t.news();
    const filed = await w.api('POST', `/admin/api/apps/${suiteId}/${corpId}/permission-requests`, {
      permissions: ['customer_contact'],
      filedBy: 'demo',
    });
    const requestId = (filed.request as { id: string }).id;
    t.act(n.support, n.lines.files);
    t.news();
    await w.tap(corpId, 'lisi', n.buttons.approve);
    t.act('lisi', n.lines.taps(n.buttons.approve.source.slice(1, -1)));
    t.news();
    const asked = (await w.api('GET', `/admin/api/permission-requests/${requestId}`)).request as {
      state: string;
      stateLabel: string;
    };
    // The card records the intent only: WeCom still answers 48002 until its own notice is agreed to.
    check(asked.state === 'pending', `after the card's 同意 the request is ${asked.state}, not pending`);
    t.note(n.lines.intent);
    await sim.grantPermission(corpId);
    await w.settle();
    t.act('lisi', n.lines.agreesInNotice);
    t.news();
    const req = (await w.api('GET', `/admin/api/permission-requests/${requestId}`)).request as {
      state: string;
      stateLabel: string;
    };
    check(req.state === 'granted', `the permission request is ${req.state}, not granted`);
    t.note(n.lines.checked);

    await untilNewMessage(w, t, 'the support alerts after change_auth', DAY);

    t.scene(n.scenes[5]!);
    await untilNewMessage(w, t, 'the first rollout reminder', 8 * DAY);
    await w.tap(corpId, 'zhangsan', n.buttons.later);
    t.act('zhangsan', n.lines.taps(n.buttons.later.source.slice(1, -1)));
    t.news();
    t.note(n.lines.sunday);
    await untilNewMessage(w, t, 'the reminder after "later"', 8 * DAY);

    t.scene(n.scenes[6]!);
    sim.setVisibility(corpId, { users: PILOT, parties: [SALES] });
    t.act('lisi', n.lines.addsSales);
    await w.tap(corpId, 'lisi', n.buttons.widened);
    t.act('lisi', n.lines.taps(n.buttons.widened.source.slice(1, -1)));
    t.news();
    const dept = await stores.rollouts.get(suiteId, corpId);
    check(dept?.stageIndex === 1, `after widening to a department the stage is ${dept?.stageIndex}, not 1`);

    t.scene(n.scenes[7]!);
    await untilNewMessage(w, t, 'the reminder to widen to the whole company', 10 * DAY);
    sim.setVisibility(corpId, { parties: [1] });
    t.act('zhangsan', n.lines.picksRoot);
    await w.tap(corpId, 'zhangsan', n.buttons.widened);
    t.act('zhangsan', n.lines.taps(n.buttons.widened.source.slice(1, -1)));
    t.news();

    t.scene(n.scenes[8]!);
    await sim.sendText(corpId, 'zhangsan', n.status);
    await w.settle();
    t.act('zhangsan', n.status);
    t.news();

    t.scene(n.scenes[9]!);
    const other = await sim.authorizeTemplate(suiteId, { corpName: '样例贸易', admins: ['wanglei'] });
    await w.settle();
    await sim.cancelAuthorization(other.corpId);
    await w.settle();
    t.act(admin('wanglei'), n.lines.authorizesCancels);
    check(t.news() > 0, 'the cancelled authorization raised no support alert');

    const r = await stores.rollouts.get(suiteId, corpId);
    check(r, 'no rollout was recorded');
    const stage = r.plan[r.stageIndex]?.name ?? '—';
    check(
      r.state === 'completed' && r.plan[r.stageIndex]?.reach === 'company',
      `the rollout ended ${r.state} at stage ${stage}, not completed at the whole company`,
    );
    t.scene(n.done(reachName(r.plan[r.stageIndex]!, locale), r.state));
    return {
      transcript: t.lines,
      rollout: { state: r.state, stageIndex: r.stageIndex, stage },
      stageName: reachName(r.plan[r.stageIndex]!, locale),
      delivered: sim.state.inbox.filter((e) => e.from !== 'user'),
      alerts: sim.alerts(),
      limitViolations: [...sim.state.limitViolations],
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
