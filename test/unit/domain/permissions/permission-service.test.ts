import { DAY, HOUR, MINUTE } from '../../../../src/shared/clock';
import { ConflictError, NotFoundError, ValidationError } from '../../../../src/shared/errors';
import { ADMINS, CORP, createPermissionFixture, SUITE } from './permission-fixture';

type Fixture = Awaited<ReturnType<typeof createPermissionFixture>>;

function buttonsOf(payload: Record<string, unknown>): { text: string; key: string }[] {
  return (payload.template_card as { button_list: { text: string; key: string }[] }).button_list;
}

describe('permission service', () => {
  let f: Fixture;

  beforeEach(async () => {
    f = await createPermissionFixture();
  });

  describe('filing', () => {
    it('files a pending request, keeps the previous set and sends one card per admin', async () => {
      const request = await f.service.file(SUITE, CORP, ['客户联系', 'schedule'], 'support:li');

      expect(request).toMatchObject({
        state: 'pending',
        requested: ['customer_contact', 'schedule'],
        previous: ['contact_read'],
        filedBy: 'support:li',
        raisedCount: 1,
      });
      expect(f.service.stateLabel(request)).toBe('待企业客户确认 / waiting for the enterprise');
      const cards = await f.cards(request.id);
      expect(cards.map((c) => c.toUser).sort()).toEqual([...ADMINS].sort());
      for (const card of cards) {
        expect(card.channel).toBe('app');
        expect(buttonsOf(card.payload)).toEqual([
          expect.objectContaining({ text: '同意', key: `perm:approve:${request.id}` }),
          expect.objectContaining({ text: '暂不授权', key: `perm:decline:${request.id}` }),
        ]);
      }
      expect(JSON.stringify(cards[0]!.payload)).toContain('客户联系');
    });

    it('refuses an unknown permission and lists the known ones', async () => {
      const err = await f.service
        .file(SUITE, CORP, ['客户联系', 'teleport'], 'support')
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ValidationError);
      expect(err).toMatchObject({ field: 'permissions', rule: 'unknown_permission', status: 400 });
      expect((err as Error).message).toContain('teleport');
      expect((err as Error).message).toContain('customer_contact (客户联系');
      expect(await f.cards()).toHaveLength(0);
    });

    it('refuses an app it does not know and a cancelled authorization', async () => {
      await expect(f.service.file(SUITE, 'wwnobody', ['客户联系'], 'support')).rejects.toBeInstanceOf(
        NotFoundError,
      );
      await f.stores.authorizations.cancel(SUITE, CORP, f.clock.now());
      await expect(f.service.file(SUITE, CORP, ['客户联系'], 'support')).rejects.toBeInstanceOf(
        ConflictError,
      );
    });

    it('supersedes a pending request and updates its cards to say so', async () => {
      const first = await f.service.file(SUITE, CORP, ['客户联系'], 'support');
      f.clock.advance(MINUTE);
      const second = await f.service.file(SUITE, CORP, ['客户联系', '日程'], 'support');

      expect(await f.service.get(first.id)).toMatchObject({ state: 'superseded', supersededBy: second.id });
      expect(f.service.stateLabel(await f.service.get(first.id))).toBe('已被新申请取代 / superseded');
      const firstCards = await f.cards(first.id);
      const updates = await f.cardUpdates(first.id);
      expect(updates).toHaveLength(ADMINS.length);
      for (const u of updates) {
        expect(u.channel).toBe('app_card_update');
        expect(u.payload).toEqual({
          userids: [u.toUser],
          responseCodeFrom: firstCards.find((c) => c.toUser === u.toUser)!.id,
          button: { replace_name: '已被取代' },
        });
      }
      expect(await f.cards(second.id)).toHaveLength(ADMINS.length);

      // A tap on the old card is answered, and decides nothing.
      await f.click('approve', first.id, 'lisi');
      expect((await f.service.get(second.id)).state).toBe('pending');
      expect((await f.app()).effectivePermissions).toEqual(['contact_read']);
      expect(await f.replies('lisi')).toEqual([expect.stringContaining('已被新的申请取代')]);
    });
  });

  describe('approve on the card', () => {
    it('records the intent, tells where to confirm, and grants nothing while WeCom answers 48002', async () => {
      f.probe.errcode = 48002;
      const request = await f.service.file(SUITE, CORP, ['客户联系'], 'support');
      await f.click('approve', request.id, 'zhangsan', 'rc-click-1');

      const after = await f.service.get(request.id);
      expect(after).toMatchObject({
        state: 'pending',
        answer: { answer: 'approve', by: 'zhangsan', via: 'button' },
      });
      expect(f.service.stateLabel(after)).toBe(
        '已同意，待确认生效 / approved in chat, not confirmed in WeCom yet',
      );
      expect((await f.app()).effectivePermissions).toEqual(['contact_read']);
      // Only the tapped card changes: the others keep their response codes for 已生效.
      const updates = await f.cardUpdates(request.id);
      expect(updates.map((u) => u.payload)).toEqual([
        {
          userids: ['zhangsan'],
          response_code: 'rc-click-1',
          button: { replace_name: '已同意待生效' },
        },
      ]);
      expect(await f.replies('zhangsan')).toEqual([
        expect.stringContaining('请在企业微信「权限变更」通知中点「同意」'),
      ]);
      expect(f.alerts.map((a) => a.severity)).toEqual(['info']);
      expect(after.nextActionAt).toEqual(new Date(f.clock.now().getTime() + HOUR));

      await f.click('decline', request.id, 'lisi', 'rc-click-2');
      expect(await f.service.get(request.id)).toMatchObject({ state: 'pending', answer: { by: 'zhangsan' } });
      expect(await f.replies('lisi')).toEqual([
        expect.stringMatching(/已由 zhangsan 于 2026-03-02 10:00 答复：已同意，待确认生效/),
      ]);
    });

    it('is granted at once when the check call works, and every card says 已生效', async () => {
      const request = await f.service.file(SUITE, CORP, ['客户联系'], 'support');
      await f.click('approve', request.id, 'zhangsan', 'rc-click-1');

      expect(f.probes).toEqual(['get_follow_user_list']);
      const after = await f.service.get(request.id);
      expect(after).toMatchObject({ state: 'granted', evidence: { kind: 'probe' } });
      expect(after.nextActionAt).toBeUndefined();
      expect((await f.app()).effectivePermissions).toEqual(['customer_contact']);
      const labels = (await f.cardUpdates(request.id)).map((u) => [
        u.toUser,
        (u.payload.button as { replace_name: string }).replace_name,
      ]);
      expect(labels).toEqual(expect.arrayContaining(ADMINS.map((a) => [a, '已生效'])));
      for (const admin of ADMINS) expect((await f.replies(admin)).join()).toContain('已在企业微信生效');
    });

    it('checks again on a doubling backoff, reminds the admin once and tells support after the configured checks', async () => {
      f.probe.errcode = 48002;
      const request = await f.service.file(SUITE, CORP, ['客户联系'], 'support');
      await f.click('approve', request.id, 'zhangsan');
      f.clock.advance(HOUR);
      expect(await f.service.tick('test')).toMatchObject({ checked: 1 });
      let after = await f.service.get(request.id);
      expect(after.nextActionAt).toEqual(new Date(f.clock.now().getTime() + 2 * HOUR));
      f.clock.advance(2 * HOUR);
      await f.service.tick('test');
      expect(f.alerts.map((a) => a.dedupeKey)).toContain(`perm:${request.id}:not-in-effect`);
      f.clock.advance(DAY);
      await f.service.tick('test');
      f.clock.advance(DAY);
      await f.service.tick('test');
      const reminders = (await f.replies('zhangsan')).filter((r) => r.includes('尚未显示生效'));
      expect(reminders).toHaveLength(1);

      f.probe.errcode = 0;
      f.clock.advance(DAY);
      await f.service.tick('test');
      after = await f.service.get(request.id);
      expect(after.state).toBe('granted');
      expect(after.nextActionAt).toBeUndefined();
    });

    it('does not tell support about a test enterprise’s permission still not in effect', async () => {
      f.probe.errcode = 48002;
      await f.stores.authorizations.update(SUITE, CORP, { test: true }, f.clock.now());
      const request = await f.service.file(SUITE, CORP, ['客户联系'], 'support');
      await f.click('approve', request.id, 'zhangsan');
      for (const hours of [1, 2, 4, 8]) {
        f.clock.advance(hours * HOUR);
        await f.service.tick('test');
      }
      expect((await f.service.get(request.id)).history.length).toBeGreaterThan(2);
      expect(f.alerts.map((a) => a.dedupeKey)).not.toContain(`perm:${request.id}:not-in-effect`);
    });

    it('keeps the check scheduled when the check call fails for another reason', async () => {
      f.probe.errcode = -1;
      const request = await f.service.file(SUITE, CORP, ['客户联系'], 'support');
      await f.click('approve', request.id, 'zhangsan');

      expect(await f.service.get(request.id)).toMatchObject({
        state: 'pending',
        answer: { answer: 'approve' },
      });
      f.probe.errcode = 0;
      f.clock.advance(HOUR);
      expect(await f.service.tick('test')).toMatchObject({ checked: 1 });
      expect((await f.service.get(request.id)).state).toBe('granted');
    });

    it('stops checking when the authorization is gone (48004)', async () => {
      f.probe.errcode = 48004;
      const request = await f.service.file(SUITE, CORP, ['客户联系'], 'support');
      await f.click('approve', request.id, 'zhangsan');
      const after = await f.service.get(request.id);
      expect(after.nextActionAt).toBeUndefined();
      expect(after.history.map((h) => h.what)).toContain('check_stopped');
    });

    it('never shows a permission without a check call in effect until support confirms', async () => {
      const request = await f.service.file(SUITE, CORP, ['日程'], 'support');
      await f.click('approve', request.id, 'zhangsan');
      let after = await f.service.get(request.id);
      expect(f.probes).toEqual([]);
      expect(f.service.stateLabel(after)).toBe(
        '已同意，待确认生效 / approved in chat, not confirmed in WeCom yet',
      );
      f.clock.advance(2 * DAY);
      await f.service.tick('test');
      after = await f.service.get(request.id);
      expect(after.state).toBe('pending');
      expect(after.nextActionAt).toBeUndefined();

      await expect(f.service.confirmGranted(SUITE, CORP, request.id, ' ')).rejects.toMatchObject({
        field: 'by',
      });
      after = await f.service.confirmGranted(SUITE, CORP, request.id, 'support:bob');
      expect(after).toMatchObject({ state: 'granted', evidence: { kind: 'support', by: 'support:bob' } });
      expect((await f.app()).effectivePermissions).toEqual(['schedule']);
      await expect(f.service.confirmGranted(SUITE, CORP, request.id, 'support:bob')).rejects.toBeInstanceOf(
        ConflictError,
      );
    });

    it('takes agent/get_permissions as evidence for a permission WeCom names', async () => {
      const request = await f.service.file(SUITE, CORP, ['成员手机号'], 'support');
      await f.click('approve', request.id, 'zhangsan');
      expect((await f.service.get(request.id)).state).toBe('pending');
      f.appPermissions.push('contact:sensitive:mobile');
      f.clock.advance(HOUR);
      await f.service.tick('test');
      expect(await f.service.get(request.id)).toMatchObject({
        state: 'granted',
        evidence: { kind: 'get_permissions' },
      });
    });

    it('reads the authorization only once for a 同意 tap: for the event’s context', async () => {
      const request = await f.service.file(SUITE, CORP, ['客户联系'], 'support');
      const reads = jest.spyOn(f.stores.authorizations, 'get');
      await f.click('approve', request.id, 'zhangsan');
      expect((await f.service.get(request.id)).state).toBe('granted');
      expect(reads).toHaveBeenCalledTimes(1);
    });

    it('does nothing twice when WeCom re-delivers the same click', async () => {
      f.probe.errcode = 48002;
      const request = await f.service.file(SUITE, CORP, ['客户联系'], 'support');
      await f.click('approve', request.id, 'zhangsan', 'rc-same');
      const before = await f.stores.outbox.list();
      await f.click('approve', request.id, 'zhangsan', 'rc-same');
      expect(await f.stores.outbox.list()).toHaveLength(before.length);
      expect(await f.replies('zhangsan')).toHaveLength(1);
    });
  });

  describe('WeCom agrees after a not-now', () => {
    it('a not-now while WeCom already shows it granted is granted: the cards say so, nobody is thanked', async () => {
      const request = await f.service.file(SUITE, CORP, ['客户联系'], 'support');
      await f.click('decline', request.id, 'lisi', 'rc-lisi');
      expect(await f.service.get(request.id)).toMatchObject({
        state: 'granted',
        answer: { answer: 'not_now' },
      });
      const labels = (await f.cardUpdates(request.id)).map(
        (u) => (u.payload.button as { replace_name: string }).replace_name,
      );
      expect(labels).toEqual(Array(ADMINS.length).fill('已生效'));
      for (const admin of ADMINS) expect(await f.replies(admin)).toEqual([]);
    });

    it('after change_auth, checks the open requests and learns what WeCom shows granted without a request', async () => {
      f.probe.errcode = 48002;
      const request = await f.service.file(SUITE, CORP, ['客户联系'], 'support');
      await f.click('approve', request.id, 'zhangsan');
      f.probe.errcode = 0;
      f.appPermissions.push('contact:sensitive:mobile');
      await f.service.onAuthChanged(await f.context());
      expect(await f.service.get(request.id)).toMatchObject({
        state: 'granted',
        evidence: { kind: 'probe' },
      });
      expect((await f.app()).effectivePermissions).toEqual(['customer_contact', 'contact_mobile']);
      expect(f.alerts.map((a) => a.dedupeKey)).toContain(`perm:found:${SUITE}:${CORP}:contact_mobile`);
    });

    it('is granted when the re-raise looks first, and no card is sent again', async () => {
      f.probe.errcode = 48002;
      const request = await f.service.file(SUITE, CORP, ['客户联系'], 'support');
      await f.click('decline', request.id, 'lisi');
      expect((await f.service.get(request.id)).state).toBe('declined');
      f.probe.errcode = 0;
      f.clock.advance(7 * DAY);
      expect(await f.service.tick('test')).toMatchObject({ raisedAgain: 0, stopped: 1 });
      expect(await f.service.get(request.id)).toMatchObject({
        state: 'granted',
        answer: { answer: 'not_now' },
      });
      expect(await f.service.list({ state: 'pending' })).toHaveLength(0);
    });
  });

  describe('not now on the card', () => {
    it('keeps the previous set, tells support and raises the request again after the wait', async () => {
      f.probe.errcode = 48002;
      const request = await f.service.file(SUITE, CORP, ['客户联系'], 'support');
      await f.click('decline', request.id, 'lisi');

      const declined = await f.service.get(request.id);
      expect(declined).toMatchObject({ state: 'declined', answer: { answer: 'not_now', by: 'lisi' } });
      expect(f.service.stateLabel(declined)).toBe('暂不授权 / not now');
      expect((await f.app()).effectivePermissions).toEqual(['contact_read']);
      expect(f.alerts).toEqual([
        expect.objectContaining({ dedupeKey: `perm:${request.id}:declined`, corpId: CORP }),
      ]);
      expect(f.alerts[0]!.lines.join('\n')).toContain('将于 2026-03-09 10:00（Asia/Shanghai）查看企业微信');
      const updates = await f.cardUpdates(request.id);
      expect(updates.map((u) => (u.payload.button as { replace_name: string }).replace_name)).toEqual(
        Array(ADMINS.length).fill('暂不授权'),
      );
      expect(await f.replies('lisi')).toEqual([]);

      await f.click('approve', request.id, 'wangwu');
      expect((await f.service.get(request.id)).state).toBe('declined');
      expect(await f.replies('wangwu')).toEqual([expect.stringContaining('已由 lisi')]);

      f.clock.advance(7 * DAY - MINUTE);
      expect(await f.service.tick('test')).toMatchObject({ raisedAgain: 0 });
      f.clock.advance(MINUTE);
      expect(await f.service.tick('test')).toMatchObject({ raisedAgain: 1 });

      const again = (await f.service.list({ suiteId: SUITE, corpId: CORP, state: 'pending' }))[0]!;
      expect(again).toMatchObject({
        requested: ['customer_contact'],
        previous: ['contact_read'],
        raisedCount: 2,
      });
      expect(again.history[0]).toMatchObject({ what: 'raised_again_after', detail: request.id });
      const cards = await f.cards(again.id);
      expect(cards).toHaveLength(ADMINS.length);
      expect(JSON.stringify(cards[0]!.payload)).toContain('再次确认');
      const old = await f.service.get(request.id);
      expect(old.nextActionAt).toBeUndefined();
      expect(old.history.at(-1)).toMatchObject({ what: 'raised_again', detail: again.id });
    });

    it('raises it again at most maxReraises times', async () => {
      f.probe.errcode = 48002;
      let request = await f.service.file(SUITE, CORP, ['客户联系'], 'support');
      for (let raised = 1; raised <= 3; raised++) {
        expect(request.raisedCount).toBe(raised);
        await f.click('decline', request.id, 'lisi', `rc-${raised}`);
        f.clock.advance(7 * DAY);
        await f.service.tick('test');
        const pending = await f.service.list({ state: 'pending' });
        if (raised < 3) request = pending[0]!;
        else expect(pending).toHaveLength(0);
      }
      expect(f.alerts.at(-1)!.lines.join('\n')).toContain('已询问 3 次，不再自动询问');
      expect(await f.service.list({ state: 'declined' })).toHaveLength(3);
    });

    it('does not raise it again when a newer request was filed meanwhile', async () => {
      f.probe.errcode = 48002;
      const request = await f.service.file(SUITE, CORP, ['客户联系'], 'support');
      await f.click('decline', request.id, 'lisi');
      f.clock.advance(DAY);
      const newer = await f.service.file(SUITE, CORP, ['日程'], 'support');
      f.clock.advance(7 * DAY);
      expect(await f.service.tick('test')).toMatchObject({ raisedAgain: 0, stopped: 1 });
      expect((await f.service.list({ state: 'pending' })).map((r) => r.id)).toEqual([newer.id]);
    });
  });

  describe('text answers', () => {
    it('decides the latest pending request and confirms', async () => {
      await f.service.file(SUITE, CORP, ['客户联系'], 'support');
      f.clock.advance(MINUTE);
      const latest = await f.service.file(SUITE, CORP, ['客户联系', '审批'], 'support');

      await f.textAnswer('approve', {
        fromUser: 'wangwu',
        msgId: '1001',
      });

      // 审批 has no check call: the answer is recorded, nothing is shown in effect.
      expect(await f.service.get(latest.id)).toMatchObject({ state: 'pending', answer: { via: 'text' } });
      expect((await f.app()).effectivePermissions).toEqual(['contact_read']);
      expect(await f.cardUpdates(latest.id)).toHaveLength(0);
      expect(await f.replies('wangwu')).toEqual([
        expect.stringContaining('请在企业微信「权限变更」通知中点「同意」'),
      ]);
    });

    it('confirms a not-now in text', async () => {
      f.probe.errcode = 48002;
      const request = await f.service.file(SUITE, CORP, ['客户联系'], 'support');
      await f.textAnswer('decline', {
        fromUser: 'lisi',
        msgId: '2002',
      });
      expect((await f.service.get(request.id)).state).toBe('declined');
      expect(await f.replies('lisi')).toEqual([expect.stringContaining('已记录：暂不授权 客户联系')]);
    });

    it('says so when nothing is pending, and once per message', async () => {
      const ctx = { fromUser: 'zhangsan', msgId: '3003' };
      await f.textAnswer('approve', ctx);
      await f.textAnswer('approve', ctx);
      expect(await f.replies('zhangsan')).toEqual([expect.stringContaining('目前没有等待确认的权限申请')]);
    });

    it('refuses a member who is not an admin', async () => {
      const request = await f.service.file(SUITE, CORP, ['客户联系'], 'support');
      await f.textAnswer('approve', {
        fromUser: 'intern',
        msgId: '4004',
      });
      expect((await f.service.get(request.id)).state).toBe('pending');
      expect(await f.replies('intern')).toEqual([expect.stringContaining('只有应用管理员')]);
    });
  });

  it('refuses a tap on a card of a cancelled authorization, politely', async () => {
    const request = await f.service.file(SUITE, CORP, ['客户联系'], 'support');
    await f.stores.authorizations.cancel(SUITE, CORP, f.clock.now());

    await f.click('approve', request.id, 'zhangsan');

    expect((await f.service.get(request.id)).state).toBe('pending');
    expect((await f.app()).effectivePermissions).toEqual(['contact_read']);
    expect(await f.replies('zhangsan')).toEqual([expect.stringContaining('授权已取消')]);
    expect(await f.cardUpdates(request.id)).toHaveLength(0);
  });

  it('answers a tap on a request it does not know', async () => {
    await f.click('approve', 'no-such-request', 'zhangsan');
    expect(await f.replies('zhangsan')).toEqual([expect.stringContaining('找不到这条权限申请')]);
  });

  it('describes the state for the admin’s 状态 reply, in the enterprise’s language', async () => {
    f.probe.errcode = 48002;
    expect(await f.service.statusFor(await f.context())).toEqual(['自定义权限：通讯录读取']);
    const first = await f.service.file(SUITE, CORP, ['客户联系'], 'support');
    await f.click('decline', first.id, 'lisi');
    f.clock.advance(MINUTE);
    await f.service.file(SUITE, CORP, ['日程'], 'support');
    const lines = await f.service.statusFor(await f.context());
    expect(lines[1]).toBe('权限申请：日程 — 待企业客户确认（请在企业微信「权限变更」通知中点「同意」）');
    expect(lines[2]).toBe('上次申请：客户联系 — 暂不授权');
    const en = await f.service.statusFor({ ...(await f.context()), locale: 'en' });
    expect(en).toEqual([
      'Custom permissions: Read the directory',
      'Permission request: Calendar — waiting for your answer (agree in WeCom’s Permission change notice)',
      'Last request: Customer contact — not now',
    ]);
  });

  it('lists newest first and refuses an unknown state', async () => {
    const a = await f.service.file(SUITE, CORP, ['客户联系'], 'support');
    f.clock.advance(MINUTE);
    const b = await f.service.file(SUITE, CORP, ['日程'], 'support');
    expect((await f.service.list()).map((r) => r.id)).toEqual([b.id, a.id]);
    await expect(f.service.list({ state: 'waiting' })).rejects.toMatchObject({
      field: 'state',
      rule: 'one_of',
    });
    await expect(f.service.get('nope')).rejects.toBeInstanceOf(NotFoundError);
  });
});
