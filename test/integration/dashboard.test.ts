import { ADMIN_TOKEN, createTestBot, type TestBot } from '../helpers/test-bot';

/** The dashboard as a browser reaches it: one host, the cookie, forms with the page's Origin. */
const HOST = 'dashboard.test';
const ORIGIN = `http://${HOST}`;
const HTML = 'text/html,application/xhtml+xml,*/*;q=0.8';
const COOKIE = `admin_token=${ADMIN_TOKEN}`;

function page(bot: TestBot, path: string) {
  return bot.http().get(path).set('Host', HOST).set('Accept', HTML).set('Cookie', COOKIE);
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
    const browser = await bot.http().get('/admin/check-config?kind=app').set('Accept', HTML);
    expect(browser.status).toBe(302);
    expect(browser.headers.location).toBe('/admin/login?next=%2Fadmin%2Fcheck-config%3Fkind%3Dapp');

    const api = await bot.http().get('/admin/api/permission-catalogue').set('Accept', HTML);
    expect(api.status).toBe(401);
    expect(api.body).toEqual(expect.objectContaining({ error: 'unauthorized' }));

    const curl = await bot.http().get('/admin/check-config');
    expect(curl.status).toBe(401);

    const wrongCookie = await bot
      .http()
      .get('/admin/check-config')
      .set('Accept', HTML)
      .set('Cookie', 'admin_token=not-the-token');
    expect(wrongCookie.status).toBe(302);
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
    expect(wrong.text).toContain('令牌不正确 / That token is not right');
    expect(wrong.headers['set-cookie']).toBeUndefined();
  });

  it('sets an HttpOnly, SameSite=Strict cookie on /admin and redirects to where the visitor was going', async () => {
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
    expect(cookie).toContain(`admin_token=${ADMIN_TOKEN}`);
    expect(cookie).toMatch(/httponly/i);
    expect(cookie).toMatch(/samesite=strict/i);
    expect(cookie).toMatch(/path=\/admin/i);
    expect(cookie).not.toMatch(/secure/i);

    const https = await bot
      .http()
      .post('/admin/login')
      .set('Host', HOST)
      .set('X-Forwarded-Proto', 'https')
      .set('Origin', `https://${HOST}`)
      .type('form')
      .send({ token: ADMIN_TOKEN });
    expect(String(https.headers['set-cookie'])).toMatch(/;\s*secure/i);
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
    expect(String(res.headers['set-cookie'])).toContain(`admin_token=${ADMIN_TOKEN}`);

    const wrong = await bot.http().get('/admin/login?token=wrong-wrong-wrong-wrong');
    expect(wrong.headers.location).toBe('/admin/login?error=bad_token');
    expect(wrong.headers['set-cookie']).toBeUndefined();
    const shown = await bot.http().get(wrong.headers.location!);
    expect(shown.status).toBe(401);
    expect(shown.text).not.toContain('wrong-wrong');
  });

  it('never redirects off the dashboard after login', async () => {
    for (const next of ['//evil.example/admin', 'https://evil.example', '/admin\\@evil', '/adminx']) {
      const res = await bot.http().get(`/admin/login?token=${ADMIN_TOKEN}&next=${encodeURIComponent(next)}`);
      expect(res.headers.location).toBe('/admin');
    }
  });

  it('logs out by clearing the cookie', async () => {
    const res = await page(bot, '/admin/logout');
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/admin/login?done=logged_out');
    expect(String(res.headers['set-cookie'])).toMatch(/admin_token=;.*expires=Thu, 01 Jan 1970/i);
    const after = await bot.http().get(res.headers.location!).set('Accept', HTML);
    expect(after.text).toContain('已退出 / Signed out');
  });
});

describe('dashboard configuration check', () => {
  let bot: TestBot;
  beforeEach(async () => {
    bot = await createTestBot();
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
    expect(ok.text).toContain('没有发现问题 / No problems found');
    const empty = await form(bot, '/admin/check-config', { kind: 'app', name: ' ' });
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('请至少填写一项');
  });

  it('shows a malformed form on the page, not as JSON', async () => {
    const res = await form(bot, '/admin/check-config', { kind: 'plugin', name: '客户管家' });
    expect(res.status).toBe(400);
    expect(res.type).toBe('text/html');
    expect(res.text).toContain('field: kind');
  });

  it('refuses a post from another site', async () => {
    const res = await form(bot, '/admin/check-config', { kind: 'app', name: 'ab' }, 'https://evil.example');
    expect(res.status).toBe(403);
    const noOrigin = await bot
      .http()
      .post('/admin/check-config')
      .set('Host', HOST)
      .set('Accept', HTML)
      .set('Cookie', COOKIE)
      .type('form')
      .send({ kind: 'app', name: 'ab' });
    expect(noOrigin.status).toBe(403);
    const referer = await bot
      .http()
      .post('/admin/check-config')
      .set('Host', HOST)
      .set('Accept', HTML)
      .set('Cookie', COOKIE)
      .set('Referer', `${ORIGIN}/admin/check-config`)
      .type('form')
      .send({ kind: 'app', name: 'ab' });
    expect(referer.status).toBe(200);
  });
});
