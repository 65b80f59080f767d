import nock from '../helpers/nock';
import { DAY } from '../../src/shared/clock';
import type { Locale } from '../../src/shared/locale';
import { createTestBot, seconds, SUITE, WECOM_BASE, xml, type TestBot } from '../helpers/test-bot';
import { ADMINS, AGENT_ID, CORP, recordSends, type Body } from '../helpers/wecom-nock';
import { anApp, anAuthorization } from '../helpers/domain-builders';

const S = SUITE.suiteId;

/** An enterprise in `locale` whose app is in development; WeCom shows the pilot (the admins and one more). */
async function seedEnterprise(bot: TestBot, locale: Locale): Promise<void> {
  const now = bot.clock.now();
  await bot.stores.authorizations.create(
    anAuthorization(now, {
      suiteId: S,
      corpId: CORP,
      admins: ADMINS,
      permanentCodeEnc: bot.container.secrets.seal('PERMANENT_CODE_SECRET'),
    }),
  );
  await bot.stores.apps.create(anApp(now, { suiteId: S, corpId: CORP, status: 'developing' }));
  expect((await bot.admin('post', `/admin/api/enterprises/${CORP}/locale`, { locale })).status).toBe(200);
  nock(WECOM_BASE)
    .persist()
    .get('/cgi-bin/gettoken')
    .query(true)
    .reply(200, { errcode: 0, access_token: 'APP_TOKEN', expires_in: 7200 })
    .get('/cgi-bin/agent/get')
    .query(true)
    .reply(200, {
      errcode: 0,
      agentid: AGENT_ID,
      name: '客户管家',
      allow_userinfos: { user: [...ADMINS, 'wangwu'].map((userid) => ({ userid })) },
      allow_partys: { partyid: [] },
      allow_tags: { tagid: [] },
      close: 0,
      customized_publish_status: 2,
    });
}

const isReminder = (b: Body) => JSON.stringify(b).includes(`roll:widened:${S}:${CORP}`);

/**
 * Enabled, the pilot reached, then days on until zhangsan gets a reminder to widen to the
 * departments; then he asks for the state. The reminder card and the reply, as WeCom got them.
 */
async function reminderAndStatus(
  bot: TestBot,
  ask: string,
  plan?: unknown[],
): Promise<{ card: string; reply: string }> {
  const { sent } = recordSends();
  await bot.admin('post', `/admin/api/apps/${S}/${CORP}/status`, { status: 'enabled' });
  if (plan)
    expect(
      (await bot.admin('put', `/admin/api/apps/${S}/${CORP}/rollout/plan`, { stages: plan })).status,
    ).toBe(200);
  for (let day = 0; day < 7 && !sent.some(isReminder); day++) {
    bot.clock.advance(DAY);
    await bot.tick();
  }
  const card = sent.find((b) => isReminder(b) && b.touser === 'zhangsan');
  const before = sent.length;
  const res = await bot.appCallback(
    CORP,
    xml({
      ToUserName: CORP,
      FromUserName: 'zhangsan',
      CreateTime: seconds(bot.clock),
      MsgType: 'text',
      Content: ask,
      MsgId: '1000001',
      AgentID: AGENT_ID,
    }),
  );
  expect(res.text).toBe('success');
  await bot.tick();
  const reply = sent.slice(before).find((b) => b.touser === 'zhangsan' && b.msgtype === 'text');
  expect(card && reply).toBeDefined();
  return { card: JSON.stringify(card), reply: (reply!.text as { content: string }).content };
}

describe("a stage's name in the language of whoever reads it (default plan: 试点/Pilot, 部门/Department, 全员/Whole company)", () => {
  let bot: TestBot;
  beforeEach(async () => {
    bot = await createTestBot();
  });
  afterEach(() => bot.close());

  it('an English enterprise: its reminder and its status reply name the stages in English only', async () => {
    await seedEnterprise(bot, 'en');
    const { card, reply } = await reminderAndStatus(bot, 'status');
    // Admins read a stage by its reach's words (reach-words.ts), which the plan's names do not change.
    expect(card).toContain('Next stage: Departments');
    expect(reply).toContain('Aiming at: Departments (2/3');
    expect(reply).toContain('Reached: Pilot');
    for (const text of [card, reply]) {
      expect(text).not.toContain('部门');
      expect(text).not.toContain('试点');
    }
  });

  it('an English enterprise whose rollout keeps a plan stored before, with bilingual names: still English only', async () => {
    await seedEnterprise(bot, 'en');
    const { card, reply } = await reminderAndStatus(bot, 'status', [
      { name: '试点 Pilot', reach: 'members', waitMinutes: 4320 },
      { name: '部门 Department', reach: 'departments', waitMinutes: 10080 },
      { name: '全员 Whole company', reach: 'company', waitMinutes: 0 },
    ]);
    expect(reply).toContain('Aiming at: Departments (2/3');
    expect(`${card}${reply}`).not.toMatch(/试点|部门|全员/);
  });

  it('a Chinese enterprise: its reminder and its status reply name the stages in Chinese only', async () => {
    await seedEnterprise(bot, 'zh-CN');
    const { card, reply } = await reminderAndStatus(bot, '状态');
    expect(card).toContain('下一阶段：部门');
    expect(reply).toContain('目标阶段：部门（2/3');
    expect(reply).toContain('已达到：试点');
    for (const text of [card, reply]) {
      expect(text).not.toContain('Department');
      expect(text).not.toContain('Pilot');
    }
  });

  it("support's diagnosis names the stage in the reader's language, whatever the enterprise's", async () => {
    await seedEnterprise(bot, 'zh-CN');
    await reminderAndStatus(bot, '状态');
    const diagnosis = async (locale: Locale) => {
      const res = await bot.admin('get', `/admin/api/enterprises/${CORP}/diagnosis?locale=${locale}`);
      expect(res.status).toBe(200);
      return res.body.diagnosis as { state: string[] };
    };
    const en = await diagnosis('en');
    expect(en.state).toEqual(['客户管家 (wwsuite0001): enabled; rollout: active (reached: Pilot)']);
    expect(JSON.stringify(en)).not.toMatch(/试点|部门/);
    expect((await diagnosis('zh-CN')).state).toEqual([
      '「客户管家」(wwsuite0001)：已启用；扩大可见范围：进行中（已达到：试点）',
    ]);
  });
});
