import {
  DASHBOARD_HOST as HOST,
  DASHBOARD_ORIGIN as ORIGIN,
  HTML_ACCEPT as HTML,
  dashboardPage,
  signInToDashboard,
} from '../helpers/dashboard-session';
import { ADMIN_TOKEN, SUITE, createTestBot, type TestBot } from '../helpers/test-bot';
import { CORPS, fakeWecom, seedDashboard } from '../browser/seed-dashboard';

/** The session cookie of the latest sign-in (`admin_session=<id>`). */
let COOKIE = '';

/** Signs in, and keeps the session cookie for the pages and forms below. */
async function signIn(bot: TestBot): Promise<string> {
  COOKIE = await signInToDashboard(bot);
  return COOKIE;
}

function page(bot: TestBot, path: string, cookie = COOKIE) {
  return dashboardPage(bot, path, cookie);
}

function form(bot: TestBot, path: string, fields: Record<string, string>, origin = ORIGIN) {
  return bot
    .http()
    .post(path)
    .set('Host', HOST)
    .set('Accept', HTML)
    .set('Cookie', COOKIE)
    .set('Origin', origin)
    .type('form')
    .send(fields);
}

describe('dashboard sign-in', () => {
  let bot: TestBot;
  beforeEach(async () => {
    bot = await createTestBot();
  });
  afterEach(() => bot.close());

  it('sends a browser without the cookie to the login form, and keeps JSON 401 for API clients', async () => {
    const browser = await bot.http().get('/admin/enterprises?status=enabled').set('Accept', HTML);
    expect(browser.status).toBe(302);
    expect(browser.headers.location).toBe('/admin/login?next=%2Fadmin%2Fenterprises%3Fstatus%3Denabled');

    const api = await bot.http().get('/admin/api/permission-catalogue').set('Accept', HTML);
    expect(api.status).toBe(401);
    expect(api.body).toEqual(expect.objectContaining({ error: 'unauthorized' }));

    const curl = await bot.http().get('/admin/check-config');
    expect(curl.status).toBe(401);

    const wrongCookie = await bot
      .http()
      .get('/admin/check-config')
      .set('Accept', HTML)
      .set('Cookie', 'admin_session=not-a-session');
    expect(wrongCookie.status).toBe(302);
  });

  it('opens the JSON API to the bearer token only: a signed-in cookie alone gets 401', async () => {
    const cookie = await signIn(bot);
    const withCookie = await bot.http().get('/admin/api/overview').set('Cookie', cookie);
    expect(withCookie.status).toBe(401);
    const tokenAsCookie = await bot
      .http()
      .get('/admin/api/overview')
      .set('Cookie', `admin_token=${ADMIN_TOKEN}`);
    expect(tokenAsCookie.status).toBe(401);
    const bearer = await bot.http().get('/admin/api/overview').set('Authorization', `Bearer ${ADMIN_TOKEN}`);
    expect(bearer.status).toBe(200);
    expect(bearer.headers['cache-control']).toBe('no-store');
    expect(withCookie.headers['cache-control']).toBe('no-store');
  });

  it('slows down repeated wrong tokens from one address, whatever door they try', async () => {
    const api = (token: string) =>
      bot.http().get('/admin/api/overview').set('Authorization', `Bearer ${token}`);
    for (let i = 0; i < 5; i++) expect((await api(`wrong-${i}-wrong-wrong`)).status).toBe(401);
    expect((await api('wrong-5-wrong-wrong')).status).toBe(401);
    const held = await api(ADMIN_TOKEN);
    expect(held.status).toBe(429);
    expect(held.headers['retry-after']).toBe('1');
    const login = await bot.http().get(`/admin/login?token=${ADMIN_TOKEN}`);
    expect(login.status).toBe(429);
    bot.clock.advance(1000);
    expect((await api(ADMIN_TOKEN)).status).toBe(200);
  });

  it('shows the login form without a nav, and refuses a wrong token on the page', async () => {
    const res = await bot.http().get('/admin/login').set('Accept', HTML);
    expect(res.status).toBe(200);
    expect(res.type).toBe('text/html');
    expect(res.text).toContain('name="token"');
    expect(res.text).not.toContain('/admin/logout');
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");

    const wrong = await bot
      .http()
      .post('/admin/login')
      .set('Host', HOST)
      .set('Origin', ORIGIN)
      .type('form')
      .send({ token: 'guess-guess-guess-guess' });
    expect(wrong.status).toBe(401);
    expect(wrong.text).toContain('令牌不正确');
    expect(wrong.headers['set-cookie']).toBeUndefined();
  });

  it('starts a session: a random id in an HttpOnly, SameSite=Strict cookie on /admin, never the token', async () => {
    const res = await bot
      .http()
      .post('/admin/login')
      .set('Host', HOST)
      .set('Origin', ORIGIN)
      .type('form')
      .send({ token: ADMIN_TOKEN, next: '/admin/enterprises?pending=1' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/admin/enterprises?pending=1');
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/^admin_session=[\w-]{43};/);
    expect(cookie).not.toContain(ADMIN_TOKEN);
    expect(cookie).toMatch(/httponly/i);
    expect(cookie).toMatch(/samesite=strict/i);
    expect(cookie).toMatch(/path=\/admin/i);
    expect(cookie).not.toMatch(/secure/i);

    const second = await signIn(bot);
    expect(second).not.toBe(cookie.split(';')[0]);
  });

  it('marks the cookie Secure over https, trusting X-Forwarded-Proto only with trustProxy', async () => {
    const login = (b: TestBot) =>
      b
        .http()
        .post('/admin/login')
        .set('Host', HOST)
        .set('X-Forwarded-Proto', 'https')
        .set('Origin', `https://${HOST}`)
        .type('form')
        .send({ token: ADMIN_TOKEN });
    // Without trustProxy the header is anyone's: the request is plain http, the https Origin foreign.
    expect((await login(bot)).status).toBe(403);
    const behindProxy = await createTestBot({ trustProxy: true });
    try {
      const https = await login(behindProxy);
      expect(https.status).toBe(303);
      expect(String(https.headers['set-cookie'])).toMatch(/;\s*secure/i);
    } finally {
      await behindProxy.close();
    }
  });

  it('expires a session on the server', async () => {
    const cookie = await signIn(bot);
    expect((await page(bot, '/admin', cookie)).status).toBe(200);
    bot.clock.advance(12 * 3600_000);
    expect((await page(bot, '/admin', cookie)).status).toBe(302);
  });

  it('refuses a login posted from another site', async () => {
    const res = await bot
      .http()
      .post('/admin/login')
      .set('Host', HOST)
      .set('Origin', 'https://evil.example')
      .type('form')
      .send({ token: ADMIN_TOKEN });
    expect(res.status).toBe(403);
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('takes ?token= from the printed link and strips it from the address', async () => {
    const res = await bot.http().get(`/admin/login?token=${encodeURIComponent(ADMIN_TOKEN)}`);
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/admin');
    expect(String(res.headers['set-cookie'])).toMatch(/^admin_session=/);
    expect(String(res.headers['set-cookie'])).not.toContain(ADMIN_TOKEN);

    const wrong = await bot.http().get('/admin/login?token=wrong-wrong-wrong-wrong');
    expect(wrong.headers.location).toBe('/admin/login?error=bad_token');
    expect(wrong.headers['set-cookie']).toBeUndefined();
    const shown = await bot.http().get(wrong.headers.location!);
    expect(shown.status).toBe(401);
    expect(shown.text).not.toContain('wrong-wrong');
  });

  it('never redirects off the dashboard, nor back to the login form, after login', async () => {
    for (const next of [
      '//evil.example/admin',
      'https://evil.example',
      '/admin\\@evil',
      '/adminx',
      '/admin/login',
    ]) {
      const res = await bot.http().get(`/admin/login?token=${ADMIN_TOKEN}&next=${encodeURIComponent(next)}`);
      expect(res.headers.location).toBe('/admin');
    }
  });

  it('logs out by ending the session on the server and clearing the cookie', async () => {
    const cookie = await signIn(bot);
    const res = await page(bot, '/admin/logout', cookie);
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/admin/login?done=logged_out');
    expect(String(res.headers['set-cookie'])).toMatch(/admin_session=;.*expires=Thu, 01 Jan 1970/i);
    const after = await bot.http().get(res.headers.location!).set('Accept', HTML);
    expect(after.text).toContain('已退出');
    // A copy of the old cookie (kept by a tab, an extension or a thief) opens nothing any more.
    const replay = await page(bot, '/admin', cookie);
    expect(replay.status).toBe(302);
    expect(replay.headers.location).toBe('/admin/login?next=%2Fadmin');
  });
});

describe('dashboard configuration check', () => {
  let bot: TestBot;
  beforeEach(async () => {
    bot = await createTestBot();
    await signIn(bot);
  });
  afterEach(() => bot.close());

  it('lists every problem with its field and rule, escaped', async () => {
    const res = await form(bot, '/admin/check-config', {
      kind: 'app',
      name: '企业微信<b>',
      intro: '好',
      callbackUrl: 'http://example.com/cb',
      trustedDomain: 'https://example.com',
      ipWhitelist: '1.2.3.4\n10.0.0.0/8',
      logo: 'iVBORw0KGgo=',
    });
    expect(res.status).toBe(200);
    for (const rule of [
      'name_special_chars',
      'name_forbidden_word',
      'intro_length',
      'callback_url_https',
      'trusted_domain_scheme',
      'ip_whitelist_cidr',
    ]) {
      expect(res.text).toContain(`<code>${rule}</code>`);
    }
    expect(res.text).toContain('<code>ipWhitelist[1]</code>');
    expect(res.text).toContain('<code>logo</code>');
    expect(res.text).toContain('value="企业微信&lt;b&gt;"');
    expect(res.text).not.toContain('<b>');
  });

  it('says so when nothing is wrong, and when nothing was given', async () => {
    const ok = await form(bot, '/admin/check-config', {
      kind: 'template',
      name: '客户管家',
      intro: '客户跟进助手',
    });
    expect(ok.text).toContain('没有发现问题');
    const empty = await form(bot, '/admin/check-config', { kind: 'app', name: ' ' });
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('请至少填写一项');
  });

  it('shows a malformed form on the page, not as JSON', async () => {
    const res = await form(bot, '/admin/check-config', { kind: 'plugin', name: '客户管家' });
    expect(res.status).toBe(400);
    expect(res.type).toBe('text/html');
    expect(res.text).toContain('字段：kind；规则：');
  });

  it('refuses a post from another origin (site, scheme or port) or without one', async () => {
    for (const origin of ['https://evil.example', `https://${HOST}`, `http://${HOST}:8080`, 'null']) {
      const res = await form(bot, '/admin/check-config', { kind: 'app', name: 'ab' }, origin);
      expect({ origin, status: res.status }).toEqual({ origin, status: 403 });
    }
    const noOrigin = await bot
      .http()
      .post('/admin/check-config')
      .set('Host', HOST)
      .set('Accept', HTML)
      .set('Cookie', COOKIE)
      .type('form')
      .send({ kind: 'app', name: 'ab' });
    expect(noOrigin.status).toBe(403);
    const same = await form(bot, '/admin/check-config', { kind: 'app', name: 'ab' });
    expect(same.status).toBe(200);
  });

  it('takes publicBaseUrl as this dashboard too, behind a proxy that rewrites Host', async () => {
    const proxied = await createTestBot({ publicBaseUrl: 'https://bot.example.com' });
    try {
      const cookie = await signIn(proxied);
      const res = await proxied
        .http()
        .post('/admin/check-config')
        .set('Host', HOST)
        .set('Accept', HTML)
        .set('Cookie', cookie)
        .set('Origin', 'https://bot.example.com')
        .type('form')
        .send({ kind: 'app', name: 'ab' });
      expect(res.status).toBe(200);
    } finally {
      await proxied.close();
    }
  });
});

const HOSTILE_ESCAPED = '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;贸易';
const app = (corp: { corpId: string }) => `/admin/apps/${SUITE.suiteId}/${corp.corpId}`;
const act = (corp: { corpId: string }, action: string) =>
  `/admin/actions/apps/${SUITE.suiteId}/${corp.corpId}/${action}`;

describe('dashboard pages', () => {
  let bot: TestBot;
  beforeEach(async () => {
    bot = await createTestBot();
    fakeWecom({ failSendsTo: [CORPS.quiet.corpId] });
    await seedDashboard(bot);
    await signIn(bot);
  });
  afterEach(() => bot.close());

  it('renders every page with data from WeCom escaped', async () => {
    for (const path of ['/admin', '/admin/enterprises', '/admin/enterprises?view=apps', app(CORPS.hostile)]) {
      const res = await page(bot, path);
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
      expect(res.type).toBe('text/html');
      expect(res.headers['cache-control']).toBe('no-store');
      if (path !== '/admin') expect(res.text).toContain(HOSTILE_ESCAPED);
      expect(res.text).not.toContain('<script>alert');
    }
  });

  it('shows counts by status and what needs a person, with its one-click fix', async () => {
    const res = await page(bot, '/admin');
    expect(res.text).toMatch(/<b>2<\/b><a href="\/admin\/enterprises\?status=enabled">已启用<\/a>/);
    expect(res.text).toMatch(/<b>1<\/b><a href="\/admin\/enterprises\?pending=true">/);
    const failed = (await bot.stores.outbox.list({ corpId: CORPS.quiet.corpId, status: 'failed' }))[0]!;
    expect(res.text).toContain('1 条消息发送失败');
    expect(res.text).toContain('<td data-label="谁处理">客服</td>');
    expect(res.text).toContain(`action="/admin/actions/messages/${failed.id}/resend"`);
  });

  it('filters by pending request, status and template, and pages', async () => {
    const pending = await page(
      bot,
      '/admin/enterprises?status=&template=&stuck=&pending=true&view=enterprises',
    );
    expect(pending.text).toContain(CORPS.pilot.name);
    expect(pending.text).not.toContain(CORPS.quiet.name);
    expect(pending.text).toContain('<option value="true" selected>');

    const developing = await page(bot, `/admin/enterprises?status=developing&template=${SUITE.suiteId}`);
    expect(developing.text).toContain(HOSTILE_ESCAPED);
    expect(developing.text).not.toContain(CORPS.pilot.name);

    const second = await page(bot, '/admin/enterprises?pageSize=1&page=2');
    expect(second.text).toContain('第 2/3 页');
    expect(second.text).toContain('href="/admin/enterprises?pageSize=1&amp;page=1" rel="prev"');
    expect(second.text).toContain('href="/admin/enterprises?pageSize=1&amp;page=3" rel="next"');
  });

  it('shows a bad filter on the page, not as JSON', async () => {
    const res = await page(bot, '/admin/enterprises?status=online');
    expect(res.status).toBe(400);
    expect(res.type).toBe('text/html');
    expect(res.text).toContain('字段：status；规则：');
    const unknown = await page(bot, '/admin/enterprises?pendng=true');
    expect(unknown.status).toBe(400);
    // The service's message in both languages, shown in the page's only.
    expect(unknown.text).toContain('未知参数 &quot;pendng&quot;');
    expect(unknown.text).not.toContain('unknown parameter');
    const english = await page(bot, '/admin/enterprises?pendng=true', `${COOKIE}; admin_locale=en`);
    expect(english.text).toContain('unknown parameter &quot;pendng&quot;');
    expect(english.text).toContain('field: pendng; rule: unknown_field');
    expect(english.text).not.toContain('未知参数');
  });

  it("shows an app's admins, visibility, requests with their state label, rollout and timeline", async () => {
    const res = await page(bot, app(CORPS.pilot));
    expect(res.text).toContain('<code>zhangsan</code>');
    expect(res.text).toContain('无人可见');
    expect(res.text).toContain('下一目标');
    expect(res.text).toContain('待企业客户确认');
    expect(res.text).toContain('name="permission.customer_contact"');
    expect(res.text).toContain('进行中');
    expect(res.text).toContain('暂停');
    expect(res.text).toMatch(/消息 permission_card → zhangsan[^]*?已发送/);

    const missing = await page(bot, `/admin/apps/${SUITE.suiteId}/wwnobody`);
    expect(missing.status).toBe(404);
    expect(missing.type).toBe('text/html');
  });

  it('pauses, resumes and restarts the rollout, and says so after the redirect', async () => {
    const paused = await form(bot, act(CORPS.pilot, 'rollout/pause'), { back: app(CORPS.pilot) });
    expect(paused.status).toBe(303);
    expect(paused.headers.location).toBe(`${app(CORPS.pilot)}?done=rollout_paused`);
    const rollout = await bot.stores.rollouts.get(SUITE.suiteId, CORPS.pilot.corpId);
    expect(rollout?.state).toBe('paused');
    expect(rollout?.history.at(-1)).toMatchObject({ what: 'paused', by: 'support:dashboard' });
    const shown = await page(bot, paused.headers.location!);
    expect(shown.text).toContain('已暂停扩大可见范围');
    expect(shown.text).toContain('恢复');

    await form(bot, act(CORPS.pilot, 'rollout/resume'), {});
    expect((await bot.stores.rollouts.get(SUITE.suiteId, CORPS.pilot.corpId))?.state).toBe('active');
    const restarted = await form(bot, act(CORPS.pilot, 'rollout/restart'), { back: '/admin' });
    expect(restarted.headers.location).toBe('/admin?done=rollout_restarted');
  });

  it('marks and unmarks a test enterprise from its app page; another origin changes nothing', async () => {
    const corpId = CORPS.pilot.corpId;
    expect((await page(bot, app(CORPS.pilot))).text).toContain('标为测试企业');
    const foreign = await form(bot, act(CORPS.pilot, 'test'), { test: 'true' }, 'https://evil.example');
    expect(foreign.status).toBe(403);
    expect((await bot.stores.authorizations.get(SUITE.suiteId, corpId))!.test).toBeFalsy();

    const marked = await form(bot, act(CORPS.pilot, 'test'), { test: 'true', back: app(CORPS.pilot) });
    expect(marked.headers.location).toBe(`${app(CORPS.pilot)}?done=test_set`);
    expect((await bot.stores.authorizations.get(SUITE.suiteId, corpId))!.test).toBe(true);
    const shown = await page(bot, marked.headers.location!);
    expect(shown.text).toContain('测试企业');
    expect(shown.text).toContain('取消测试企业');
    expect((await page(bot, '/admin/enterprises?test=true')).text).toContain(corpId);

    await form(bot, act(CORPS.pilot, 'test'), { test: 'false' });
    expect((await bot.stores.authorizations.get(SUITE.suiteId, corpId))!.test).toBe(false);
    const bad = await form(bot, act(CORPS.pilot, 'test'), { test: 'maybe' });
    expect(bad.status).toBe(400);
  });

  it('shows a refused action on the app page with the reason', async () => {
    const res = await form(bot, act(CORPS.hostile, 'rollout/pause'), {});
    expect(res.status).toBe(404);
    expect(res.text).toContain('rollout wwsuite0001/wwcorphostile not found');
    expect(res.text).toContain('id="status-form"');

    const move = await form(bot, act(CORPS.hostile, 'status'), { status: 'approved' });
    expect(move.status).toBe(409);
    expect(move.text).toContain('cannot move from developing to approved');
    const bad = await form(bot, act(CORPS.hostile, 'status'), { status: '<b>' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('字段：status；规则：');
    expect(bad.text).not.toContain('<b>');
  });

  it('sets the status from the select', async () => {
    const res = await form(bot, act(CORPS.hostile, 'status'), { status: 'in_review' });
    expect(res.headers.location).toBe(`${app(CORPS.hostile)}?done=status_set`);
    const moved = await bot.stores.apps.get(SUITE.suiteId, CORPS.hostile.corpId);
    expect(moved?.statusHistory.at(-1)).toMatchObject({ to: 'in_review', by: 'support:dashboard' });
  });

  it('files a permission request from the ticked boxes, and asks for at least one', async () => {
    const res = await form(bot, act(CORPS.quiet, 'permission-requests'), {
      'permission.schedule': 'on',
      'permission.contact_read': 'on',
      back: app(CORPS.quiet),
    });
    expect(res.headers.location).toBe(`${app(CORPS.quiet)}?done=permission_filed`);
    const [filed] = await bot.stores.permissionRequests.list({ corpId: CORPS.quiet.corpId });
    expect(filed).toMatchObject({
      state: 'pending',
      requested: ['contact_read', 'schedule'],
      filedBy: 'support:dashboard',
    });

    const none = await form(bot, act(CORPS.quiet, 'permission-requests'), { back: app(CORPS.quiet) });
    expect(none.status).toBe(400);
    expect(none.text).toContain('至少一项权限');
    expect(none.text).toContain('id="file-request"');

    // Seen in the provider console's confirmed permissions: marked granted, as the dashboard's.
    const shown = await page(bot, app(CORPS.quiet));
    expect(shown.text).toContain('后台已确认');
    const granted = await form(bot, act(CORPS.quiet, 'permission-granted'), {
      requestId: filed!.id,
      back: app(CORPS.quiet),
    });
    expect(granted.headers.location).toBe(`${app(CORPS.quiet)}?done=permission_granted`);
    expect(await bot.stores.permissionRequests.get(filed!.id)).toMatchObject({
      state: 'granted',
      evidence: { kind: 'support', by: 'support:dashboard' },
    });
  });

  it("sets the language of the enterprise's messages, and refuses one it does not speak", async () => {
    const before = await page(bot, app(CORPS.quiet));
    expect(before.text).toMatch(/<option\s+value="zh-CN"\s+lang="zh-CN"\s+selected\s*>/);
    const set = await form(bot, act(CORPS.quiet, 'locale'), { locale: 'en', back: app(CORPS.quiet) });
    expect(set.headers.location).toBe(`${app(CORPS.quiet)}?done=locale_set`);
    const auths = await bot.stores.authorizations.list({ corpId: CORPS.quiet.corpId });
    expect(auths.map((a) => a.locale)).toEqual(auths.map(() => 'en'));
    const after = await page(bot, `${app(CORPS.quiet)}?done=locale_set`);
    expect(after.text).toMatch(/<option\s+value="en"\s+lang="en"\s+selected\s*>/);
    expect(after.text).toContain('已更新发给管理员的消息语言');

    const bad = await form(bot, act(CORPS.quiet, 'locale'), { locale: 'fr', back: app(CORPS.quiet) });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('locale must be one of: zh-CN, en');
    expect((await bot.stores.authorizations.list({ corpId: CORPS.quiet.corpId }))[0]!.locale).toBe('en');
  });

  it('resends the enabled notice and a failed message', async () => {
    const notice = await form(bot, act(CORPS.quiet, 'enabled-notice/resend'), {});
    expect(notice.headers.location).toBe(`${app(CORPS.quiet)}?done=enabled_resent`);
    const failed = (await bot.stores.outbox.list({ corpId: CORPS.quiet.corpId, status: 'failed' })).at(-1)!;
    const res = await form(bot, `/admin/actions/messages/${failed.id}/resend`, { back: '/admin' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/admin?done=message_resent');
    expect(await bot.stores.outbox.findByDedupeKey(`${failed.dedupeKey}:resend:1`)).toBeDefined();

    const unknown = await form(bot, '/admin/actions/messages/nope/resend', {});
    expect(unknown.status).toBe(404);
    expect(unknown.type).toBe('text/html');
  });

  it('refuses actions from another origin, or without one, and changes nothing', async () => {
    const foreign = await form(bot, act(CORPS.pilot, 'rollout/pause'), {}, 'https://evil.example');
    expect(foreign.status).toBe(403);
    expect(foreign.text).toContain('请求不是来自本控制台');
    const bare = await bot
      .http()
      .post(act(CORPS.pilot, 'rollout/pause'))
      .set('Host', HOST)
      .set('Cookie', COOKIE)
      .type('form')
      .send({});
    expect(bare.status).toBe(403);
    expect((await bot.stores.rollouts.get(SUITE.suiteId, CORPS.pilot.corpId))?.state).toBe('active');
  });

  it('never redirects off the dashboard after an action, and ignores a forged notice', async () => {
    const res = await form(bot, act(CORPS.pilot, 'rollout/pause'), { back: 'https://evil.example/admin' });
    expect(res.headers.location).toBe(`${app(CORPS.pilot)}?done=rollout_paused`);
    const forged = await page(bot, `${app(CORPS.pilot)}?done=${encodeURIComponent('<b>hi</b>')}`);
    expect(forged.status).toBe(200);
    expect(forged.text).not.toContain('class="flash');
  });

  it('sends a form posted without the cookie to the login page, changing nothing', async () => {
    const res = await bot
      .http()
      .post(act(CORPS.pilot, 'rollout/pause'))
      .set('Host', HOST)
      .set('Accept', HTML)
      .set('Origin', ORIGIN)
      .type('form')
      .send({});
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/admin/login');
    expect((await bot.stores.rollouts.get(SUITE.suiteId, CORPS.pilot.corpId))?.state).toBe('active');
  });
});
