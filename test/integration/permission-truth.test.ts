import { DAY, HOUR, MINUTE } from '../../src/shared/clock';
import type { InboxView } from '../../src/simulator/enterprise-controls';
import { startTourWorld, type TourWorld } from '../../scripts/demo/tour-world';

/**
 * Issue 14, items 1–5, end to end: the real server and the WeCom simulator on one clock. WeCom is
 * the source of truth: the card's 同意 records the intent, the grant happens in WeCom's own notice.
 */
const ADMINS = ['zhangsan', 'lisi'];

interface View {
  id: string;
  state: string;
  stateLabel: string;
  answer?: { answer: string; by: string; via: string };
  evidence?: { kind: string; by?: string };
}

describe('permission requests follow WeCom (simulator, HTTP endpoints)', () => {
  let w: TourWorld;
  let corpId: string;

  beforeEach(async () => {
    w = await startTourWorld('2026-03-02T02:00:00Z');
    ({ corpId } = await w.sim.authorizeTemplate(w.suiteId, { corpName: '示例科技', admins: ADMINS }));
    await w.settle();
    await w.putOnline(corpId);
    w.sim.setVisibility(corpId, { users: ADMINS });
  });
  afterEach(() => w.close());

  const base = () => `/admin/api/apps/${w.suiteId}/${corpId}`;
  /** The provider saves the change in the console (WeCom's notice) and files it with the bot. */
  async function file(permissions: string[]): Promise<string> {
    w.sim.fileProviderPermissionChange(corpId, permissions);
    const filed = await w.api('POST', `${base()}/permission-requests`, {
      permissions,
      filedBy: 'support:li',
    });
    return (filed.request as View).id;
  }
  async function request(id: string): Promise<View> {
    const detail = await w.api('GET', base());
    return (detail.app as { requests: View[] }).requests.find((r) => r.id === id)!;
  }
  const inbox = (user: string): InboxView[] => w.sim.inbox(corpId, user);
  const texts = (user: string) =>
    inbox(user).flatMap((e) => (e.from === 'app' && e.msgtype === 'text' && e.content ? [e.content] : []));
  const permissionCards = (user: string) =>
    inbox(user).filter((e) => /权限申请/.test(e.card?.main_title?.title ?? ''));
  const saysInEffect = () =>
    ADMINS.some((a) => inbox(a).some((e) => /已生效/.test(`${e.content ?? ''}${e.replacedName ?? ''}`)));

  it('a tap on 同意 while WeCom answers 48002 stays pending; agreeing in the notice grants it and every card says 已生效', async () => {
    const id = await file(['customer_contact']);
    await w.tap(corpId, 'zhangsan', /同意/);

    const after = await request(id);
    expect(after).toMatchObject({
      state: 'pending',
      answer: { answer: 'approve', by: 'zhangsan', via: 'button' },
      stateLabel: '已同意，待确认生效 / approved in chat, not confirmed in WeCom yet',
    });
    expect(texts('zhangsan')).toEqual([
      expect.stringContaining('申请的权限及用途：'),
      expect.stringContaining('请在企业微信「权限变更」通知中点「同意」'),
    ]);
    expect(saysInEffect()).toBe(false);

    // The admin agrees in WeCom's notice; WeCom sends change_auth; the bot checks and sees it.
    await w.sim.grantPermission(corpId);
    await w.settle();

    expect(await request(id)).toMatchObject({ state: 'granted', evidence: { kind: 'probe' } });
    for (const admin of ADMINS) {
      expect(permissionCards(admin).map((c) => c.replacedName)).toEqual(['已生效']);
      expect(texts(admin).join('\n')).toContain('已在企业微信生效');
    }
    const app = await w.running.container.stores.apps.get(w.suiteId, corpId);
    expect(app?.effectivePermissions).toEqual(['customer_contact']);
  });

  it('not now on the card, then agreed in WeCom: granted, and never asked again', async () => {
    const id = await file(['customer_contact']);
    await w.tap(corpId, 'lisi', /暂不授权/);
    expect(await request(id)).toMatchObject({ state: 'declined', answer: { answer: 'not_now', by: 'lisi' } });

    await w.sim.grantPermission(corpId);
    await w.settle();
    expect(await request(id)).toMatchObject({ state: 'granted', answer: { answer: 'not_now' } });

    const cardsBefore = permissionCards('zhangsan').length;
    w.clock.advance(8 * DAY);
    await w.tick();
    expect(permissionCards('zhangsan')).toHaveLength(cardsBefore);
    const pending = await w.api('GET', '/admin/api/permission-requests?state=pending');
    expect(pending.requests).toEqual([]);
  });

  it('a permission without a check call never shows 已生效 until support confirms it', async () => {
    const id = await file(['schedule']);
    await w.tap(corpId, 'zhangsan', /同意/);
    await w.sim.grantPermission(corpId);
    await w.settle();
    w.clock.advance(2 * DAY);
    await w.tick();

    expect(await request(id)).toMatchObject({
      state: 'pending',
      stateLabel: expect.stringContaining('已同意，待确认生效'),
    });
    expect(saysInEffect()).toBe(false);
    // The one reminder, to the admin who said yes.
    expect(texts('zhangsan').filter((t) => t.includes('尚未显示生效'))).toHaveLength(1);

    const confirmed = await w.api('POST', `${base()}/permission-requests/${id}/granted`, {
      by: 'support:wang',
    });
    expect(confirmed.request).toMatchObject({
      state: 'granted',
      evidence: { kind: 'support', by: 'support:wang' },
    });
    expect(permissionCards('lisi').map((c) => c.replacedName)).toEqual(['已生效']);
  });

  it('refuses a confirmation without who confirmed it, naming the field', async () => {
    const id = await file(['schedule']);
    const res = await fetch(`${w.running.url}${base()}/permission-requests/${id}/granted`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${w.running.container.config.adminToken}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({}),
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain('by');
  });

  it('learns a permission agreed in WeCom that no request covered (get_permissions), and tells support', async () => {
    w.sim.fileProviderPermissionChange(corpId, ['contact_mobile']);
    await w.sim.grantPermission(corpId);
    await w.settle();
    const app = await w.running.container.stores.apps.get(w.suiteId, corpId);
    expect(app?.effectivePermissions).toEqual(['contact_mobile']);
    await w.advanceUntil(
      () => w.sim.state.alerts.some((a) => a.content.includes('企业微信显示新的已授权权限')),
      'the support alert',
      2 * HOUR,
      MINUTE,
    );
  });
});
