import { DASHBOARD_WORDS, LOCALE_COOKIE } from '../../src/gateway/routes/admin/dashboard/page-locale';
import type { Locale } from '../../src/shared/locale';
import {
  DASHBOARD_HOST as HOST,
  DASHBOARD_ORIGIN as ORIGIN,
  HTML_ACCEPT as HTML,
  dashboardPage,
  signInToDashboard,
} from '../helpers/dashboard-session';
import { SUITE, createTestBot, type TestBot } from '../helpers/test-bot';
import { CORPS, fakeWecom, seedDashboard } from '../browser/seed-dashboard';

const APP = `/admin/apps/${SUITE.suiteId}/${CORPS.pilot.corpId}`;

const signIn = signInToDashboard;
const get = dashboardPage;

/** The text between tags, without the language switch (each language named in itself) and without markup. */
function shownText(page: string): string {
  return page
    .replace(/<style[^]*?<\/style>/g, '')
    .replace(/<script[^]*?<\/script>/g, '')
    .replace(/<nav class="languages"[^]*?<\/nav>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&[a-z]+;|&#\d+;/g, ' ');
}

/** Every fixed label of the catalogue's sections in one locale (the words built from data are left out). */
function labels(locale: Locale, sections: readonly (keyof typeof DASHBOARD_WORDS.en)[]): string[] {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') out.push(v);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  for (const s of sections) walk(DASHBOARD_WORDS[locale][s]);
  return out;
}

describe('the dashboard in one language at a time', () => {
  let bot: TestBot;
  let session: string;
  beforeEach(async () => {
    bot = await createTestBot();
    fakeWecom({ failSendsTo: [CORPS.quiet.corpId] });
    await seedDashboard(bot);
    session = await signIn(bot);
  });
  afterEach(() => bot.close());

  it('speaks zh-CN by default, with a link to English that comes back to the same page', async () => {
    const res = await get(bot, `${APP}?page=1&done=test_set`, [session]);
    expect(res.status).toBe(200);
    expect(res.text).toContain('<html lang="zh-CN">');
    expect(res.text).toContain('<h2>权限申请</h2>');
    expect(res.text).toContain('已更新测试企业标记');
    // The timeline and the rollout in the page's words too.
    expect(res.text).toContain('扩大可见范围：已开始');
    expect(res.text).toMatch(/目标阶段：(试点|部门|全员)（/);
    expect(shownText(res.text)).toMatch(/部门: /);
    expect(shownText(res.text)).not.toMatch(/(Pilot|Department|Whole company)[ :]/);
    expect(res.text).toContain('权限申请 已提出：customer_contact');
    // The switch returns to this page and its query, not to the one-time notice.
    const back = encodeURIComponent(`${APP}?page=1`);
    expect(res.text).toContain(`<a href="/admin/language?to=en&amp;back=${back}" lang="en" hreflang="en"`);
    expect(res.text).toMatch(/hreflang="en"\s*>English<\/a/);
  });

  it('remembers the switch in a cookie and renders every page in English', async () => {
    const back = `/admin/enterprises?status=enabled`;
    const sw = await get(bot, `/admin/language?to=en&back=${encodeURIComponent(back)}`, [session]);
    expect(sw.status).toBe(302);
    expect(sw.headers.location).toBe(back);
    const cookie = String(sw.headers['set-cookie']);
    expect(cookie).toMatch(new RegExp(`^${LOCALE_COOKIE}=en;`));
    expect(cookie).toMatch(/path=\/admin/i);
    expect(cookie).toMatch(/httponly/i);
    expect(cookie).toMatch(/samesite=strict/i);
    const en = cookie.split(';')[0]!;

    const pages: [string, string][] = [
      ['/admin', '<h1>Overview</h1>'],
      [back, '<h1>Enterprises and apps</h1>'],
      [APP, '<h2>Permission requests</h2>'],
      ['/admin/check-config', '<h1>Configuration check</h1>'],
    ];
    for (const [path, heading] of pages) {
      const res = await get(bot, path, [session, en]);
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
      expect(res.text).toContain('<html lang="en">');
      expect(res.text).toContain(heading);
      expect(res.text).toMatch(/lang="zh-CN" hreflang="zh-CN"\s*>中文</);
    }
    const app = (await get(bot, APP, [session, en])).text;
    expect(app).toContain('waiting for the enterprise');
    expect(app).toContain('Pause');
    expect(app).not.toContain('待企业客户确认');
    expect(app).toContain('rollout: started');
    expect(app).toContain('permission request filed: customer_contact');
    expect(app).toContain('Aiming at: ');
    // The plan's stages by their English names (the default plan's), in the range and the rollout lines.
    expect(app).toMatch(/Aiming at: (Pilot|Department|Whole company) \(/);
    expect(shownText(app)).toMatch(/\bDepartment: /);
    expect(shownText(app)).not.toMatch(/(试点|部门|全员)[ :]/);
  });

  it('shows no label of the other language on the overview, in either language', async () => {
    const sections = ['nav', 'overview', 'cols', 'severity'] as const;
    const zh = shownText((await get(bot, '/admin', [session])).text);
    const en = shownText((await get(bot, '/admin', [session, `${LOCALE_COOKIE}=en`])).text);
    for (const label of labels('en', sections))
      expect({ label, zh: zh.includes(label) }).toEqual({ label, zh: false });
    for (const label of labels('zh-CN', sections))
      expect({ label, en: en.includes(label) }).toEqual({ label, en: false });
    // Beyond the catalogue: no Chinese at all in the English overview but the enterprises' own names.
    const data = Object.values(CORPS).map((c) => c.name.replace(/<[^>]+>/g, ''));
    const rest = data.reduce(
      (text, name) => text.split(name).join(' '),
      en.replace(/<details>[^]*?<\/details>/g, ''),
    );
    expect(rest.match(/\p{Script=Han}+/gu) ?? []).toEqual([]);
    expect(zh).toContain('今天需要人处理');
    expect(en).toContain('What needs a person today');
  });

  it('checks a configuration in the reader’s language; the switch on the result goes back to the form', async () => {
    const res = await bot
      .http()
      .post('/admin/check-config')
      .set('Host', HOST)
      .set('Accept', HTML)
      .set('Cookie', [session, `${LOCALE_COOKIE}=en`].join('; '))
      .set('Origin', ORIGIN)
      .set('Referer', `${ORIGIN}/admin/check-config`)
      .type('form')
      .send({ kind: 'app', name: '免费抽奖' });
    expect(res.status).toBe(200);
    expect(res.text).toContain('Result: 1 problem');
    expect(res.text).toContain('name must not contain the restricted word');
    expect(res.text).not.toContain('名称不可含');
    expect(res.text).toContain('to=zh-CN&amp;back=%2Fadmin%2Fcheck-config"');
    const garbled = await bot
      .http()
      .post('/admin/check-config')
      .set('Host', HOST)
      .set('Cookie', session)
      .set('Origin', ORIGIN)
      .set('Referer', 'http://[')
      .type('form')
      .send({ kind: 'app', name: 'ab' });
    expect(garbled.status).toBe(200);
    expect(garbled.text).toContain('to=en&amp;back=%2Fadmin"');
  });

  it('falls back to dashboard.locale for a cookie naming no language it speaks', async () => {
    const res = await get(bot, '/admin', [session, `${LOCALE_COOKIE}=fr`]);
    expect(res.text).toContain('<html lang="zh-CN">');
    const english = await createTestBot({ dashboard: { locale: 'en' } });
    try {
      const cookie = await signIn(english);
      const page = await get(english, '/admin', [cookie, `${LOCALE_COOKIE}=%3Cscript%3E`]);
      expect(page.text).toContain('<html lang="en">');
      expect(page.text).toContain('<h1>Overview</h1>');
    } finally {
      await english.close();
    }
  });

  it('refuses a language it does not speak, naming the field and the rule, and sets nothing', async () => {
    const res = await get(bot, '/admin/language?to=fr&back=/admin', [session]);
    expect(res.status).toBe(400);
    expect(res.type).toBe('text/html');
    expect(res.text).toContain('字段：to；规则：one_of');
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('never sends the switch elsewhere, and works signed out on the sign-in page', async () => {
    for (const back of [
      'https://evil.example/admin',
      '//evil.example',
      '/admin/logout',
      'javascript:alert(1)',
    ]) {
      const res = await get(bot, `/admin/language?to=en&back=${encodeURIComponent(back)}`, [session]);
      expect({ back, location: res.headers.location }).toEqual({ back, location: '/admin' });
    }
    const login = '/admin/login?next=%2Fadmin%2Fenterprises';
    const signedOut = await get(bot, `/admin/language?to=en&back=${encodeURIComponent(login)}`, []);
    expect(signedOut.headers.location).toBe(login);
    const en = String(signedOut.headers['set-cookie']).split(';')[0]!;
    const page = await get(bot, login, [en]);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<html lang="en">');
    expect(page.text).toContain('<label for="token">Admin token</label>');
    expect(page.text).toContain('to=zh-CN&amp;back=%2Fadmin%2Flogin%3Fnext%3D%252Fadmin%252Fenterprises');
    const wrong = await bot
      .http()
      .post('/admin/login')
      .set('Host', HOST)
      .set('Origin', ORIGIN)
      .set('Cookie', en)
      .type('form')
      .send({ token: 'wrong' });
    expect(wrong.text).toContain('That token is not right');
  });

  it('keeps the same-origin check: a form from elsewhere is refused, in the reader’s language', async () => {
    const res = await bot
      .http()
      .post(`/admin/actions/apps/${SUITE.suiteId}/${CORPS.pilot.corpId}/rollout/pause`)
      .set('Host', HOST)
      .set('Accept', HTML)
      .set('Cookie', [session, `${LOCALE_COOKIE}=en`].join('; '))
      .set('Origin', 'https://evil.example')
      .type('form')
      .send({});
    expect(res.status).toBe(403);
    expect(res.text).toContain('Refused: the request did not come from this dashboard');
    expect((await bot.stores.rollouts.get(SUITE.suiteId, CORPS.pilot.corpId))?.state).toBe('active');
  });
});
