import { createTestBot, SUITE, type TestBot } from '../helpers/test-bot';
import { seed } from '../unit/domain/support/support-fixture';

const S = SUITE.suiteId;

const setLocale = (bot: TestBot, corpId: string, body: unknown) =>
  bot.admin('post', `/admin/api/enterprises/${corpId}/locale`, body);
const detail = async (bot: TestBot, suiteId: string, corpId: string) =>
  (await bot.admin('get', `/admin/api/apps/${suiteId}/${corpId}`)).body.app;

describe('the language of an enterprise', () => {
  let bot: TestBot;
  beforeEach(async () => {
    bot = await createTestBot();
  });
  afterEach(() => bot.close());

  it('is messages.locale until support sets it, on every authorization of the corp; the detail shows it', async () => {
    await seed(bot.stores, { auth: { suiteId: S, corpId: 'wwe' } });
    await seed(bot.stores, { auth: { suiteId: 'wwother', corpId: 'wwe' } });
    await seed(bot.stores, { auth: { suiteId: S, corpId: 'wwz' } });
    expect((await detail(bot, S, 'wwe')).locale).toBe('zh-CN');

    const res = await setLocale(bot, 'wwe', { locale: 'en' });
    expect([res.status, res.body]).toEqual([200, { corpId: 'wwe', locale: 'en', authorizations: 2 }]);
    expect((await detail(bot, S, 'wwe')).locale).toBe('en');
    expect((await detail(bot, 'wwother', 'wwe')).locale).toBe('en');
    expect((await detail(bot, S, 'wwz')).locale).toBe('zh-CN');

    expect((await setLocale(bot, 'wwe', { locale: 'zh-CN' })).body).toMatchObject({ locale: 'zh-CN' });
    expect((await detail(bot, S, 'wwe')).locale).toBe('zh-CN');
  });

  it('answers 400 naming the field and the allowed values, changing nothing, and 404 for an unknown corp', async () => {
    await seed(bot.stores, { auth: { suiteId: S, corpId: 'wwe' } });
    await setLocale(bot, 'wwe', { locale: 'en' });
    for (const body of [{ locale: 'fr' }, { locale: 'EN' }, { locale: 1 }]) {
      const bad = await setLocale(bot, 'wwe', body);
      expect(bad.status).toBe(400);
      expect(bad.body).toMatchObject({ field: 'locale', message: 'locale must be one of: zh-CN, en' });
    }
    expect((await setLocale(bot, 'wwe', {})).body).toMatchObject({ field: 'locale', rule: 'required' });
    expect((await setLocale(bot, 'wwe', { locale: 'en', lang: 'zh-CN' })).body).toMatchObject({
      field: 'lang',
      rule: 'unknown_field',
    });
    expect((await detail(bot, S, 'wwe')).locale).toBe('en');
    expect((await setLocale(bot, 'wwnobody', { locale: 'en' })).status).toBe(404);
  });
});
