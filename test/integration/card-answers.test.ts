import { createTestBot, SUITE, type TestBot } from '../helpers/test-bot';
import { ADMINS, CORP, cardClick, recordSends, type Body } from '../helpers/wecom-nock';
import { anApp, anAuthorization } from '../helpers/domain-builders';

/** An enterprise whose app is enabled: each admin holds the enabled card (Pilot set / Remind me later). */
async function enabledEnterprise(bot: TestBot, visible: string[]) {
  const now = bot.clock.now();
  await bot.stores.authorizations.create(
    anAuthorization(now, {
      suiteId: SUITE.suiteId,
      corpId: CORP,
      admins: ADMINS,
      permanentCodeEnc: bot.container.secrets.seal('PERMANENT_CODE_SECRET'),
    }),
  );
  await bot.stores.apps.create(anApp(now, { suiteId: SUITE.suiteId, corpId: CORP, status: 'developing' }));
  const { scope, sent, updates } = recordSends();
  scope
    .get('/cgi-bin/gettoken')
    .query(true)
    .reply(200, { errcode: 0, access_token: 'APP_TOKEN', expires_in: 7200 })
    .get('/cgi-bin/agent/get')
    .query(true)
    .reply(200, {
      errcode: 0,
      agentid: 1000002,
      name: '客户管家',
      allow_userinfos: { user: visible.map((userid) => ({ userid })) },
      allow_partys: { partyid: [] },
      allow_tags: { tagid: [] },
      close: 0,
      customized_publish_status: 2,
    });
  await bot.admin('post', `/admin/api/apps/${SUITE.suiteId}/${CORP}/status`, { status: 'enabled' });
  await bot.tick();
  return { sent, updates };
}

const textsTo = (sent: Body[], user: string) =>
  sent
    .filter((b) => b.msgtype === 'text' && b.touser === user)
    .map((b) => (b.text as { content: string }).content);

/** What each admin's card shows now: the last update addressed to him. */
const cardShows = (updates: Body[], user: string) =>
  updates
    .filter((u) => (u.userids as string[]).includes(user))
    .map((u) => (u.button as { replace_name: string }).replace_name)
    .at(-1);

describe('two admins answer one card at once: one outcome, told consistently', () => {
  let bot: TestBot;
  beforeEach(async () => {
    bot = await createTestBot();
  });
  afterEach(() => bot.close());

  it('later first: the Pilot set tap after it is told who answered what, and every card says Later', async () => {
    const { sent, updates } = await enabledEnterprise(bot, []);
    await cardClick(bot, 'lisi', 'enabled:remind_later', 'rc-lisi');
    await cardClick(bot, 'zhangsan', 'enabled:pilot_set', 'rc-zhangsan');
    await bot.tick();

    const later = '三天后再提醒';
    expect(cardShows(updates, 'lisi')).toBe(later);
    expect(cardShows(updates, 'zhangsan')).toBe(later);
    expect(textsTo(sent, 'lisi')).toEqual([expect.stringContaining('再提醒您')]);
    const told = textsTo(sent, 'zhangsan');
    expect(told).toEqual([expect.stringContaining('lisi 已于')]);
    expect(told[0]).toContain('「三天后再提醒」');
    expect(told[0]).not.toContain('再点');
    const rollout = (await bot.admin('get', `/admin/api/apps/${SUITE.suiteId}/${CORP}/rollout`)).body.rollout;
    expect(rollout).toMatchObject({
      stageIndex: -1,
      lastAnswer: { action: 'later', by: 'lisi', card: 'enabled' },
    });
  });

  it('Pilot set first: every enabled card says Pilot set (not Widened), the later tap is told so', async () => {
    const { sent, updates } = await enabledEnterprise(bot, ['zhangsan', 'lisi', 'wangwu']);
    await cardClick(bot, 'zhangsan', 'enabled:pilot_set', 'rc-zhangsan');
    await cardClick(bot, 'lisi', 'enabled:remind_later', 'rc-lisi');
    await bot.tick();

    const pilot = '已设置试点';
    expect(cardShows(updates, 'zhangsan')).toBe(pilot);
    expect(cardShows(updates, 'lisi')).toBe(pilot);
    expect(updates.some((u) => JSON.stringify(u).includes('已扩大'))).toBe(false);
    expect(textsTo(sent, 'zhangsan')).toEqual([expect.stringContaining('已确认')]);
    expect(textsTo(sent, 'lisi')).toEqual([expect.stringContaining('zhangsan 已于')]);
    expect(textsTo(sent, 'lisi')[0]).toContain('「已设置试点」');
    const rollout = (await bot.admin('get', `/admin/api/apps/${SUITE.suiteId}/${CORP}/rollout`)).body.rollout;
    expect(rollout).toMatchObject({ stageIndex: 0, state: 'active' });
  });

  it('Pilot set not seen in WeCom yet: the reply names the button on his card, and the card stays live', async () => {
    const { sent, updates } = await enabledEnterprise(bot, []);
    await cardClick(bot, 'zhangsan', 'enabled:pilot_set', 'rc-zhangsan');
    await bot.tick();
    const [reply] = textsTo(sent, 'zhangsan');
    expect(reply).toContain('再点「已设置试点」');
    expect(reply).not.toMatch(/[A-Za-z]/);
    expect(reply).not.toContain('已扩大');
    expect(updates).toEqual([]);
  });

  it('simultaneous taps: one decision, and each admin hears what his card shows', async () => {
    const { sent, updates } = await enabledEnterprise(bot, []);
    await Promise.all([
      cardClick(bot, 'zhangsan', 'enabled:remind_later', 'rc-zhangsan'),
      cardClick(bot, 'lisi', 'enabled:remind_later', 'rc-lisi'),
    ]);
    await bot.tick();
    const rollout = (await bot.admin('get', `/admin/api/apps/${SUITE.suiteId}/${CORP}/rollout`)).body.rollout;
    const decider = rollout.lastAnswer.by as string;
    const other = ADMINS.find((a) => a !== decider)!;
    expect(rollout.history.filter((h: { what: string }) => h.what === 'remind_later')).toHaveLength(1);
    for (const admin of ADMINS) expect(cardShows(updates, admin)).toBe('三天后再提醒');
    expect(textsTo(sent, decider)).toEqual([expect.stringContaining('再提醒您')]);
    expect(textsTo(sent, other)).toEqual([expect.stringContaining(`${decider} 已于`)]);
  });
});
