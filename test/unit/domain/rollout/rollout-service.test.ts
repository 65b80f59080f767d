import type { OutboxMessage } from '../../../../src/domain/model';
import { DAY, HOUR, MINUTE, minutesAfter } from '../../../../src/shared/clock';
import { ConflictError, ConfigError, NotFoundError, ValidationError } from '../../../../src/shared/errors';
import { createRolloutService, RETRY_MINUTES } from '../../../../src/domain/rollout/rollout-service';
import { startOffsetMinutes } from '../../../../src/domain/rollout/schedule';
import { ADMINS, CORP, SUITE, createRolloutFixture, vis, type RolloutFixture } from './rollout-fixture';

type Card = {
  task_id: string;
  main_title: { title: string; desc?: string };
  horizontal_content_list: { keyname: string; value: string }[];
  button_list: { text: string; key: string }[];
};
const card = (m: OutboxMessage): Card => m.payload.template_card as Card;
const text = (m: OutboxMessage): string => (m.payload.text as { content: string }).content;

async function reminders(f: RolloutFixture): Promise<OutboxMessage[]> {
  return f.sent({ topic: 'rollout_reminder' });
}

async function click(
  f: RolloutFixture,
  action: 'widened' | 'later' | 'pause',
  fromUser: string,
  responseCode: string,
  source: 'enabled' | 'reminder' = 'reminder',
) {
  return f.rollout.onCardAction(
    { card: 'rollout', action, source },
    { fromUser, responseCode },
    await f.enterprise(),
  );
}

async function current(f: RolloutFixture) {
  return (await f.rollout.get(SUITE, CORP))!;
}

describe('rollout service', () => {
  it('runs a full rollout from pilot to whole company, the admins widening in between', async () => {
    const f = await createRolloutFixture();
    const started = await f.rollout.start(SUITE, CORP);
    expect(started).toMatchObject({ stageIndex: -1, state: 'active', unanswered: 0, remindersSent: 0 });
    // firstReminderMinutes (1 day) after Monday 10:00.
    expect(started.nextReminderAt).toEqual(new Date('2026-01-06T10:00+08:00'));

    expect(await f.tickAt('2026-01-06T09:59+08:00')).toEqual({
      reminded: 0,
      advanced: 0,
      completed: 0,
      escalated: 0,
    });
    expect(await f.tickAt('2026-01-06T10:00+08:00')).toMatchObject({ reminded: 1 });
    let cards = await reminders(f);
    expect(cards.map((m) => m.toUser)).toEqual(ADMINS);
    const first = card(cards[0]!);
    expect(first.button_list.map((b) => b.key)).toEqual([
      `roll:widened:${SUITE}:${CORP}`,
      `roll:later:${SUITE}:${CORP}`,
      `roll:pause:${SUITE}:${CORP}`,
    ]);
    expect(first.button_list.map((b) => b.text)).toEqual(['已扩大', '三天后再提醒', '暂停']);
    expect(first.horizontal_content_list.slice(0, 2)).toEqual([
      { keyname: '当前可见', value: '无人可见' },
      { keyname: '需要', value: '选几位试点成员' },
    ]);
    expect(first.main_title.desc).toBe('下一阶段：试点');
    expect(cards[0]!.dedupeKey).toBe(`rollout:${SUITE}:${CORP}:reminder:1:alice`);

    // The admin sets a pilot group and says so; agent/get confirms it.
    f.wecom.visibility = vis({ users: ['u1', 'u2', 'u3'] });
    f.clock.advance(HOUR);
    await click(f, 'widened', 'alice', 'rc-alice-1');
    let r = await current(f);
    expect(r).toMatchObject({ stageIndex: 0, unanswered: 0, state: 'active' });
    expect(r.nextReminderAt).toEqual(new Date('2026-01-09T11:00+08:00'));
    const updates = await f.sent({ topic: 'rollout_card_update' });
    expect(updates.map((u) => u.payload)).toEqual([
      { userids: ['alice'], response_code: 'rc-alice-1', button: { replace_name: '已扩大' } },
      { userids: ['bob'], responseCodeFrom: cards[1]!.id, button: { replace_name: '已扩大' } },
    ]);
    const [reply] = await f.sent({ topic: 'rollout_reply' });
    expect(reply!.toUser).toBe('alice');
    expect(text(reply!)).toContain('已确认');
    expect(text(reply!)).toContain('3 位成员');

    // Three days later: the department stage.
    expect(await f.tickAt(r.nextReminderAt!)).toMatchObject({ reminded: 1 });
    cards = await reminders(f);
    expect(cards).toHaveLength(4);
    expect(card(cards[2]!).horizontal_content_list[0]).toEqual({ keyname: '成员', value: '3' });
    expect(card(cards[2]!).horizontal_content_list[1]).toEqual({
      keyname: '需要',
      value: '加入至少一个部门',
    });
    expect(card(cards[2]!).task_id).not.toBe(card(cards[0]!).task_id);

    f.wecom.visibility = vis({ users: ['u1', 'u2', 'u3'], parties: [5] });
    await click(f, 'widened', 'bob', 'rc-bob-2');
    r = await current(f);
    expect(r.stageIndex).toBe(1);
    expect(r.nextReminderAt!.getTime() - f.clock.now().getTime()).toBe(7 * DAY);

    // Seven days later: the whole company.
    expect(await f.tickAt(r.nextReminderAt!)).toMatchObject({ reminded: 1 });
    cards = await reminders(f);
    expect(card(cards[4]!).main_title.desc).toBe('下一阶段：全员');

    f.wecom.visibility = vis({ users: ['u1', 'u2', 'u3'], parties: [5, 1] });
    await click(f, 'widened', 'alice', 'rc-alice-3');
    r = await current(f);
    expect(r).toMatchObject({ state: 'completed', stageIndex: 2 });
    expect(r.nextReminderAt).toBeUndefined();
    const done = await f.sent({ topic: 'rollout_completed' });
    expect(done.map((m) => m.toUser)).toEqual(ADMINS);
    expect(text(done[0]!)).toContain('恭喜');
    expect(r.history.map((h) => h.what)).toEqual([
      'started',
      'reminded',
      'advanced',
      'reminded',
      'advanced',
      'reminded',
      'completed',
    ]);

    // Nothing more, ever.
    expect(await f.tickAt('2026-03-02T10:00+08:00')).toMatchObject({ reminded: 0 });
    expect(await reminders(f)).toHaveLength(6);
  });

  it('advances silently when the admin widened before the reminder', async () => {
    const f = await createRolloutFixture();
    const { nextReminderAt } = await f.rollout.start(SUITE, CORP);
    f.wecom.visibility = vis({ users: ['u1'] });
    expect(await f.tickAt(nextReminderAt!)).toEqual({ reminded: 0, advanced: 1, completed: 0, escalated: 0 });
    expect(await f.sent()).toHaveLength(0);
    const r = await current(f);
    expect(r).toMatchObject({ stageIndex: 0, actual: vis({ users: ['u1'] }) });
    expect(r.nextReminderAt).toEqual(new Date(nextReminderAt!.getTime() + 3 * DAY));
  });

  it('completes with one congratulation when the admin went straight to the whole company', async () => {
    const f = await createRolloutFixture();
    const { nextReminderAt } = await f.rollout.start(SUITE, CORP);
    f.wecom.visibility = vis({ parties: [1] });
    expect(await f.tickAt(nextReminderAt!)).toMatchObject({ completed: 1, reminded: 0 });
    expect((await f.sent({ topic: 'rollout_completed' })).map((m) => m.toUser)).toEqual(ADMINS);
    expect(await reminders(f)).toHaveLength(0);
    expect(await f.sent()).toHaveLength(2);
  });

  describe('quiet hours and workdays', () => {
    /** 09:00 that day plus this enterprise's own minute of the first working hour. */
    const opening = (day: string, zone: string): Date =>
      minutesAfter(new Date(`${day}T09:00${zone}`), startOffsetMinutes(SUITE, CORP));

    it('sends a reminder due at night the next working morning', async () => {
      const f = await createRolloutFixture({ now: '2026-01-05T20:00+08:00' });
      const { nextReminderAt } = await f.rollout.start(SUITE, CORP);
      expect(nextReminderAt).toEqual(opening('2026-01-07', '+08:00'));
      expect(await f.tickAt('2026-01-06T20:00+08:00')).toMatchObject({ reminded: 0 });
      expect(await f.tickAt(opening('2026-01-07', '+08:00'))).toMatchObject({ reminded: 1 });
    });

    it('moves a reminder due at the weekend to Monday morning', async () => {
      // Started Friday 10:00: a day later is Saturday.
      const f = await createRolloutFixture({ now: '2026-01-09T10:00+08:00' });
      const { nextReminderAt } = await f.rollout.start(SUITE, CORP);
      expect(nextReminderAt).toEqual(opening('2026-01-12', '+08:00'));
      expect(await f.tickAt('2026-01-10T10:00+08:00')).toMatchObject({ reminded: 0 });
      expect(await f.tickAt('2026-01-11T10:00+08:00')).toMatchObject({ reminded: 0 });
      expect(await f.tickAt(opening('2026-01-12', '+08:00'))).toMatchObject({ reminded: 1 });
      // Remind me in 3 days, asked on Wednesday: Saturday becomes Monday.
      f.clock.set('2026-01-14T10:00+08:00');
      await click(f, 'later', 'alice', 'rc-1');
      expect((await current(f)).nextReminderAt).toEqual(opening('2026-01-19', '+08:00'));
    });

    it('starting on Friday evening, waits for the working week', async () => {
      const f = await createRolloutFixture({ now: '2026-01-09T19:00+08:00' });
      const { nextReminderAt } = await f.rollout.start(SUITE, CORP);
      expect(nextReminderAt).toEqual(opening('2026-01-12', '+08:00'));
    });

    it("uses the enterprise's own time zone", async () => {
      const f = await createRolloutFixture({ now: '2026-01-05T21:00+01:00', timeZone: 'Europe/Berlin' });
      const { nextReminderAt } = await f.rollout.start(SUITE, CORP);
      expect(nextReminderAt).toEqual(opening('2026-01-07', '+01:00'));
    });

    it('reminds at any hour without working hours', async () => {
      const f = await createRolloutFixture({ now: '2026-01-09T23:00+08:00', config: { workingHours: null } });
      const { nextReminderAt } = await f.rollout.start(SUITE, CORP);
      expect(nextReminderAt).toEqual(new Date('2026-01-10T23:00+08:00'));
      expect(await f.tickAt(nextReminderAt!)).toMatchObject({ reminded: 1 });
    });
  });

  it('reminds again later when an admin asks to be reminded later', async () => {
    const f = await createRolloutFixture();
    const { nextReminderAt } = await f.rollout.start(SUITE, CORP);
    await f.tickAt(nextReminderAt!);
    const [, bobCard] = await reminders(f);
    f.clock.advance(2 * HOUR);
    await click(f, 'later', 'bob', 'rc-bob');
    const r = await current(f);
    expect(r).toMatchObject({ unanswered: 0, state: 'active' });
    expect(r.nextReminderAt).toEqual(new Date('2026-01-09T12:00+08:00'));
    expect(r.history.at(-1)).toMatchObject({ what: 'remind_later', by: 'bob' });
    const updates = await f.sent({ topic: 'rollout_card_update' });
    expect(updates.map((u) => u.payload.userids)).toEqual([['bob'], ['alice']]);
    expect(updates[0]!.payload.button).toEqual({ replace_name: '三天后再提醒' });
    expect(updates[1]!.payload.responseCodeFrom).toBe((await reminders(f))[0]!.id);
    expect(bobCard).toBeDefined();
    expect(text((await f.sent({ topic: 'rollout_reply' }))[0]!)).toContain('2026-01-09 12:00');

    expect(await f.tickAt('2026-01-09T11:59+08:00')).toMatchObject({ reminded: 0 });
    expect(await f.tickAt('2026-01-09T12:00+08:00')).toMatchObject({ reminded: 1 });
    expect((await reminders(f)).map((m) => m.dedupeKey)).toEqual([
      `rollout:${SUITE}:${CORP}:reminder:1:alice`,
      `rollout:${SUITE}:${CORP}:reminder:1:bob`,
      `rollout:${SUITE}:${CORP}:reminder:2:alice`,
      `rollout:${SUITE}:${CORP}:reminder:2:bob`,
    ]);
  });

  it('pauses on the admin button and resumes when support says so', async () => {
    const f = await createRolloutFixture();
    const { nextReminderAt } = await f.rollout.start(SUITE, CORP);
    await f.tickAt(nextReminderAt!);
    await click(f, 'pause', 'alice', 'rc-pause');
    expect(await current(f)).toMatchObject({ state: 'paused', unanswered: 0 });
    expect((await current(f)).nextReminderAt).toBeUndefined();
    expect(text((await f.sent({ topic: 'rollout_reply' }))[0]!)).toContain('已暂停');
    expect((await f.sent({ topic: 'rollout_card_update' })).map((u) => u.payload.button)).toEqual([
      { replace_name: '已暂停' },
      { replace_name: '已暂停' },
    ]);

    expect(await f.tickAt('2026-02-02T10:00+08:00')).toMatchObject({ reminded: 0 });
    expect(await f.rollout.pause(SUITE, CORP, 'support')).toMatchObject({ state: 'paused' });

    const resumed = await f.rollout.resume(SUITE, CORP, 'support');
    expect(resumed).toMatchObject({ state: 'active', unanswered: 0 });
    expect(resumed.nextReminderAt).toEqual(f.clock.now());
    expect(await f.rollout.tick('instance-a')).toMatchObject({ reminded: 1 });
    expect(await reminders(f)).toHaveLength(4);
    expect((await current(f)).history.map((h) => h.what)).toContain('resumed');
  });

  it('support can pause too; resuming an active one changes nothing', async () => {
    const f = await createRolloutFixture();
    await f.rollout.start(SUITE, CORP);
    expect(await f.rollout.pause(SUITE, CORP, 'support:carol')).toMatchObject({ state: 'paused' });
    expect((await current(f)).history.at(-1)).toMatchObject({ what: 'paused', by: 'support:carol' });
    await f.rollout.resume(SUITE, CORP, 'support');
    const before = await current(f);
    expect(await f.rollout.resume(SUITE, CORP, 'support')).toEqual(before);
  });

  it('escalates to support after three unanswered reminders, then stops nagging', async () => {
    const f = await createRolloutFixture();
    let { nextReminderAt } = await f.rollout.start(SUITE, CORP);
    for (let i = 1; i <= 3; i++) {
      expect(await f.tickAt(nextReminderAt!)).toMatchObject({ reminded: 1 });
      ({ nextReminderAt } = await current(f));
    }
    expect((await current(f)).unanswered).toBe(3);
    expect(await f.tickAt(nextReminderAt!)).toEqual({ reminded: 0, advanced: 0, completed: 0, escalated: 1 });
    const r = await current(f);
    expect(r).toMatchObject({ state: 'escalated', remindersSent: 3 });
    expect(r.nextReminderAt).toBeUndefined();
    expect(f.rollout.isStuck(r)).toBe(true);
    expect(await reminders(f)).toHaveLength(6);
    const alerts = await f.sent({ channel: 'support' });
    expect(alerts).toHaveLength(1);
    expect(JSON.stringify(alerts[0]!.payload)).toContain('连续 3 次提醒没有回复');
    expect(JSON.stringify(alerts[0]!.payload)).toContain(`/admin/api/apps/${SUITE}/${CORP}/rollout/resume`);

    expect(await f.tickAt('2026-03-02T10:00+08:00')).toMatchObject({ reminded: 0, escalated: 0 });

    await f.rollout.resume(SUITE, CORP, 'support');
    expect(await f.rollout.tick('instance-a')).toMatchObject({ reminded: 1 });
    expect(await current(f)).toMatchObject({ state: 'active', unanswered: 1, remindersSent: 4 });
  });

  it('escalates at once when no admin is known', async () => {
    const f = await createRolloutFixture({ admins: [] });
    const { nextReminderAt } = await f.rollout.start(SUITE, CORP);
    expect(await f.tickAt(nextReminderAt!)).toMatchObject({ escalated: 1 });
    expect(JSON.stringify((await f.sent({ channel: 'support' }))[0]!.payload)).toContain('不知道管理员是谁');
  });

  it('an admin answer after escalation brings the rollout back', async () => {
    const f = await createRolloutFixture({ config: { maxUnanswered: 1 } });
    const { nextReminderAt } = await f.rollout.start(SUITE, CORP);
    await f.tickAt(nextReminderAt!);
    await f.tickAt((await current(f)).nextReminderAt!);
    expect((await current(f)).state).toBe('escalated');
    await click(f, 'later', 'alice', 'rc-late');
    expect(await current(f)).toMatchObject({ state: 'active', unanswered: 0 });
  });

  it('answers politely when WeCom does not show the widening yet, and keeps the card live', async () => {
    const f = await createRolloutFixture();
    const { nextReminderAt } = await f.rollout.start(SUITE, CORP);
    f.wecom.visibility = vis({ users: ['u1', 'u2'] });
    await f.tickAt(nextReminderAt!);
    await f.tickAt((await current(f)).nextReminderAt!);
    expect(await current(f)).toMatchObject({ stageIndex: 0, unanswered: 1 });

    await click(f, 'widened', 'alice', 'rc-too-soon');
    const r = await current(f);
    expect(r).toMatchObject({ stageIndex: 0, unanswered: 0, state: 'active' });
    expect(r.history.at(-1)).toMatchObject({ what: 'widened_not_seen', by: 'alice' });
    expect(await f.sent({ topic: 'rollout_card_update' })).toHaveLength(0);
    const reply = text((await f.sent({ topic: 'rollout_reply' }))[0]!);
    expect(reply).toContain('仍是：2 位成员');
    expect(reply).toContain('下一阶段「部门」需要加入至少一个部门');
    expect(reply).not.toMatch(/[A-Za-z]/);
  });

  it('says it could not check when agent/get fails on a Widened click', async () => {
    const f = await createRolloutFixture();
    await f.rollout.start(SUITE, CORP);
    f.wecom.fail = true;
    await click(f, 'widened', 'alice', 'rc-x');
    expect(text((await f.sent({ topic: 'rollout_reply' }))[0]!)).toContain('暂时无法');
    expect((await current(f)).stageIndex).toBe(-1);
  });

  it('confirms Pilot set on the enabled card and greys out the other admins’ enabled cards', async () => {
    const f = await createRolloutFixture();
    await f.rollout.start(SUITE, CORP);
    const notices = [];
    for (const admin of ADMINS) {
      const { message } = await f.stores.outbox.enqueue(
        {
          dedupeKey: `enabled:${SUITE}:${CORP}:1:${admin}`,
          channel: 'app',
          suiteId: SUITE,
          corpId: CORP,
          toUser: admin,
          topic: 'enabled_card',
          payload: { touser: admin, msgtype: 'template_card' },
        },
        f.clock.now(),
      );
      notices.push(message);
    }
    f.wecom.visibility = vis({ users: ['u1'] });
    await click(f, 'widened', 'bob', 'rc-bob', 'enabled');
    expect((await current(f)).stageIndex).toBe(0);
    const updates = await f.sent({ topic: 'rollout_card_update' });
    expect(updates.map((u) => [u.toUser, u.payload.response_code ?? u.payload.responseCodeFrom])).toEqual([
      ['bob', 'rc-bob'],
      ['alice', notices[0]!.id],
    ]);
    // Each card greys out in its own words: the enabled notice's button was "Pilot set".
    expect(updates.map((u) => u.payload.button)).toEqual([
      { replace_name: '已设置试点' },
      { replace_name: '已设置试点' },
    ]);
  });

  it('records a narrowed range without fighting it', async () => {
    const f = await createRolloutFixture();
    const { nextReminderAt } = await f.rollout.start(SUITE, CORP);
    f.wecom.visibility = vis({ users: ['u1', 'u2'], parties: [5] });
    expect(await f.tickAt(nextReminderAt!)).toMatchObject({ advanced: 1 });
    f.wecom.visibility = vis({ users: ['u1', 'u2'] });
    expect(await f.tickAt((await current(f)).nextReminderAt!)).toMatchObject({ reminded: 1 });
    const r = await current(f);
    expect(r.stageIndex).toBe(1);
    expect(r.actual).toEqual(vis({ users: ['u1', 'u2'] }));
    const narrowed = r.history.find((h) => h.what === 'narrowed');
    expect(narrowed?.detail).toContain('1 个部门');
    // The reminder still suggests the next stage up, not the department again.
    const [cardA] = await reminders(f);
    expect(card(cardA!).horizontal_content_list[1]!.value).toContain('全员');
    const lines = await f.rollout.describe(SUITE, CORP);
    expect(lines.join('\n')).toContain('目标阶段 / Aiming at: 全员 / Whole company');
    expect(lines.join('\n')).toContain('企业微信显示 / WeCom reports: 2 位成员');
  });

  describe('stops', () => {
    it('stops for a cancelled authorization, at the next tick or when told', async () => {
      const f = await createRolloutFixture();
      const { nextReminderAt } = await f.rollout.start(SUITE, CORP);
      await f.stores.authorizations.cancel(SUITE, CORP, f.clock.now());
      expect(await f.tickAt(nextReminderAt!)).toMatchObject({ reminded: 0 });
      expect(await current(f)).toMatchObject({ state: 'cancelled' });
      expect(f.wecom.calls).toBe(0);
      await click(f, 'widened', 'alice', 'rc');
      expect(await f.sent()).toHaveLength(0);
    });

    it('cancel() stops future reminders at once', async () => {
      const f = await createRolloutFixture();
      const { nextReminderAt } = await f.rollout.start(SUITE, CORP);
      await f.rollout.cancel(SUITE, CORP, 'authorization cancelled');
      const r = await current(f);
      expect(r).toMatchObject({ state: 'cancelled' });
      expect(r.history.at(-1)).toMatchObject({ what: 'cancelled', detail: 'authorization cancelled' });
      expect(await f.tickAt(nextReminderAt!)).toMatchObject({ reminded: 0 });
      await expect(f.rollout.cancel(SUITE, 'unknown', 'x')).resolves.toBeUndefined();
    });

    it('stops when agent/get says the app is disabled', async () => {
      const f = await createRolloutFixture();
      const { nextReminderAt } = await f.rollout.start(SUITE, CORP);
      f.wecom.closed = true;
      expect(await f.tickAt(nextReminderAt!)).toMatchObject({ reminded: 0 });
      expect((await current(f)).history.at(-1)).toMatchObject({
        what: 'cancelled',
        detail: 'app disabled (close=1)',
      });
      expect((await f.stores.apps.get(SUITE, CORP))!.closed).toBe(true);
      expect(await f.sent()).toHaveLength(0);
    });

    it('answers a click on a finished rollout without changing it', async () => {
      const f = await createRolloutFixture();
      await f.rollout.start(SUITE, CORP);
      await f.rollout.cancel(SUITE, CORP, 'app disabled');
      await click(f, 'later', 'alice', 'rc-old');
      expect(await current(f)).toMatchObject({ state: 'cancelled' });
      expect(text((await f.sent({ topic: 'rollout_reply' }))[0]!)).toContain('已结束');
      expect((await f.sent({ topic: 'rollout_card_update' })).map((u) => u.toUser)).toEqual(['alice']);
    });
  });

  it('postpones a reminder when agent/get fails', async () => {
    const f = await createRolloutFixture();
    const { nextReminderAt } = await f.rollout.start(SUITE, CORP);
    f.wecom.fail = true;
    expect(await f.tickAt(nextReminderAt!)).toMatchObject({ reminded: 0 });
    expect((await current(f)).nextReminderAt).toEqual(
      new Date(nextReminderAt!.getTime() + RETRY_MINUTES * MINUTE),
    );
    expect(f.logLines().some((l) => l.msg === 'agent/get failed; reminder postponed')).toBe(true);
    f.wecom.fail = false;
    expect(await f.tickAt(new Date(nextReminderAt!.getTime() + HOUR))).toMatchObject({ reminded: 1 });
  });

  describe('start', () => {
    it('is idempotent', async () => {
      const f = await createRolloutFixture();
      const a = await f.rollout.start(SUITE, CORP);
      f.clock.advance(HOUR);
      expect(await f.rollout.start(SUITE, CORP)).toEqual(a);
    });

    it('counts a pilot the admin set before enablement', async () => {
      const f = await createRolloutFixture();
      await f.stores.apps.update(SUITE, CORP, { visibility: vis({ users: ['u1'] }) }, f.clock.now());
      const r = await f.rollout.start(SUITE, CORP);
      expect(r.stageIndex).toBe(0);
      expect(r.nextReminderAt).toEqual(new Date('2026-01-08T10:00+08:00'));
    });

    it('reopens a rollout cancelled before, keeping its plan', async () => {
      const f = await createRolloutFixture();
      await f.rollout.start(SUITE, CORP);
      const plan = [
        { name: '试点', reach: 'members', waitMinutes: 60 },
        { name: '全员', reach: 'company', waitMinutes: 0 },
      ];
      await f.rollout.setPlan(SUITE, CORP, plan, 'support');
      await f.rollout.cancel(SUITE, CORP, 'app disabled');
      const r = await f.rollout.start(SUITE, CORP);
      expect(r).toMatchObject({ state: 'active', stageIndex: -1, plan });
    });

    it('refuses an unknown or cancelled authorization', async () => {
      const f = await createRolloutFixture();
      await expect(f.rollout.start(SUITE, 'nobody')).rejects.toBeInstanceOf(NotFoundError);
      await f.stores.authorizations.cancel(SUITE, CORP, f.clock.now());
      await expect(f.rollout.start(SUITE, CORP)).rejects.toBeInstanceOf(ConflictError);
    });
  });

  describe('support controls', () => {
    it("follows the enterprise's own plan", async () => {
      const f = await createRolloutFixture();
      await f.rollout.start(SUITE, CORP);
      const r = await f.rollout.setPlan(
        SUITE,
        CORP,
        [
          { name: '小范围 Small', reach: 'members', waitMinutes: 60 },
          { name: '全员 All', reach: 'company', waitMinutes: 0 },
        ],
        'support:carol',
      );
      expect(r.history.at(-1)).toMatchObject({
        what: 'plan_set',
        by: 'support:carol',
        detail: '小范围 Small → 全员 All',
      });
      f.wecom.visibility = vis({ users: ['u1'], parties: [5] });
      expect(await f.tickAt(r.nextReminderAt!)).toMatchObject({ advanced: 1 });
      // An hour after the pilot: straight to the whole company, the department stage is not in this plan.
      expect(await f.tickAt((await current(f)).nextReminderAt!)).toMatchObject({ reminded: 1 });
      // Admins read the stage by what it reaches, never the plan's own label.
      expect(card((await reminders(f))[0]!).main_title.desc).toBe('下一阶段：全员');
    });

    it('validates a plan and names the field', async () => {
      const f = await createRolloutFixture();
      await f.rollout.start(SUITE, CORP);
      const bad = f.rollout.setPlan(
        SUITE,
        CORP,
        [{ name: '试点', reach: 'everyone', waitMinutes: 0 }],
        'support',
      );
      await expect(bad).rejects.toBeInstanceOf(ValidationError);
      await expect(bad).rejects.toMatchObject({ field: 'stages[0].reach' });
      await expect(
        f.rollout.setPlan(SUITE, 'nobody', [{ name: 'a', reach: 'members', waitMinutes: 0 }], 's'),
      ).rejects.toBeInstanceOf(NotFoundError);
    });

    it('refuses a bad configured plan at creation, naming the config key', async () => {
      const f = await createRolloutFixture();
      const stages = [
        { name: 'x', reach: 'company' as const, waitMinutes: 0 },
        { name: 'y', reach: 'members' as const, waitMinutes: 0 },
      ];
      expect(() => createRolloutService({ ...f.deps, config: { ...f.config, stages } })).toThrow(ConfigError);
      expect(() => createRolloutService({ ...f.deps, config: { ...f.config, stages } })).toThrow(
        /rollout\.stages\[1\]\.reach/,
      );
      const testStages = stages;
      expect(() => createRolloutService({ ...f.deps, config: { ...f.config, testStages } })).toThrow(
        /rollout\.testStages\[1\]\.reach/,
      );
    });

    it('restarts from before the pilot, and the next tick catches up silently', async () => {
      const f = await createRolloutFixture({ config: { maxUnanswered: 1 } });
      f.wecom.visibility = vis({ users: ['u1'] });
      const { nextReminderAt } = await f.rollout.start(SUITE, CORP);
      await f.tickAt(nextReminderAt!);
      await f.tickAt((await current(f)).nextReminderAt!);
      await f.tickAt((await current(f)).nextReminderAt!);
      expect((await current(f)).state).toBe('escalated');
      const r = await f.rollout.restart(SUITE, CORP, 'support');
      expect(r).toMatchObject({ state: 'active', stageIndex: -1, unanswered: 0 });
      expect(await f.rollout.tick('instance-a')).toMatchObject({ advanced: 1 });
    });

    it('refuses to pause or resume what has ended', async () => {
      const f = await createRolloutFixture();
      await f.rollout.start(SUITE, CORP);
      await f.rollout.cancel(SUITE, CORP, 'authorization cancelled');
      await expect(f.rollout.pause(SUITE, CORP, 'support')).rejects.toBeInstanceOf(ConflictError);
      await expect(f.rollout.resume(SUITE, CORP, 'support')).rejects.toBeInstanceOf(ConflictError);
      await expect(f.rollout.pause(SUITE, 'nobody', 'support')).rejects.toBeInstanceOf(NotFoundError);
    });
  });

  it('describes the stage aimed at next to what WeCom reports, and the next reminder', async () => {
    const f = await createRolloutFixture();
    expect(await f.rollout.describe(SUITE, CORP)).toEqual([
      '扩大可见范围 / Rollout: 尚未开始（应用启用后开始） / not started (it starts once the app is enabled)',
    ]);
    const { nextReminderAt } = await f.rollout.start(SUITE, CORP);
    f.wecom.visibility = vis({ users: ['u1', 'u2', 'u3'] });
    await f.tickAt(nextReminderAt!);
    expect(await f.rollout.describe(SUITE, CORP)).toEqual([
      '扩大可见范围 / Rollout: 进行中 / active',
      '目标阶段 / Aiming at: 部门 / Department（2/3，加入至少一个部门 / at least one department）',
      '已达到 / Reached: 试点 / Pilot',
      '企业微信显示 / WeCom reports: 3 位成员 / 3 members（2026-01-06 10:00）',
      '下次提醒 / Next reminder: 2026-01-09 10:00 (Asia/Shanghai)',
    ]);
  });

  it('calls a rollout stuck when escalated, long overdue or without progress for a month', async () => {
    const f = await createRolloutFixture();
    const r = await f.rollout.start(SUITE, CORP);
    expect(f.rollout.isStuck(r)).toBe(false);
    expect(f.rollout.isStuck(r, new Date(r.nextReminderAt!.getTime() + 2 * HOUR))).toBe(true);
    const later = { ...r, nextReminderAt: new Date(r.createdAt.getTime() + 40 * DAY) };
    expect(f.rollout.isStuck(later, new Date(r.createdAt.getTime() + 31 * DAY))).toBe(true);
    expect(f.rollout.isStuck({ ...later, state: 'paused' }, new Date(r.createdAt.getTime() + 31 * DAY))).toBe(
      false,
    );
  });
});
