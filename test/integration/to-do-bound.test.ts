import { z } from 'zod';
import { createContainerBackend } from '../../src/cli/container-backend';
import { main } from '../../src/cli/main';
import { MAX_DIAGNOSED_ENTERPRISES } from '../../src/domain/support/checked-candidates';
import * as answer from '../../src/gateway/routes/admin/api/answers';
import { LOCALE_COOKIE } from '../../src/gateway/routes/admin/dashboard/page-locale';
import { dashboardPage, signInToDashboard } from '../helpers/dashboard-session';
import { createTestBot, SUITE, type TestBot } from '../helpers/test-bot';
import { daysAgo, seed } from '../unit/domain/support/support-fixture';

const OVER = 2;

/** `count` enterprises, each with a rollout escalated a day ago: every one a candidate. */
async function seedEscalated(bot: TestBot, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const corpId = `wwstuck${String(i).padStart(3, '0')}`;
    await seed(bot.stores, {
      auth: { suiteId: SUITE.suiteId, corpId, corpName: `停滞 ${i}` },
      rollout: { state: 'escalated', history: [{ at: daysAgo(1), what: 'escalated' }] },
    });
  }
}

async function cli(bot: TestBot, ...argv: string[]): Promise<string> {
  const out: string[] = [];
  const code = await main(argv, {
    out: (t) => out.push(t),
    err: (t) => out.push(t),
    env: {},
    readFile: async () => new Uint8Array(),
    connect: async () => ({
      backend: createContainerBackend(bot.container, async () => undefined),
      timeZone: 'Asia/Shanghai',
    }),
  });
  expect(code).toBe(0);
  return out.join('\n');
}

describe('the to-do list past its bound', () => {
  let bot: TestBot;
  beforeEach(async () => {
    bot = await createTestBot();
  });
  afterEach(() => bot.close());

  it('says in the API, on the dashboard and in the CLI how many enterprises were not checked, and where to see them', async () => {
    await seedEscalated(bot, MAX_DIAGNOSED_ENTERPRISES + OVER);
    const bound = {
      checkedEnterprises: MAX_DIAGNOSED_ENTERPRISES,
      notChecked: { enterprises: OVER, lists: [{ filter: { stuck: 'true' }, enterprises: OVER }] },
    };

    const all = await bot.admin('get', '/admin/api/diagnoses');
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject(bound);
    const escalated = all.body.needsPerson.flatMap((x: { enterprises: unknown[] }) => x.enterprises);
    expect(escalated).toHaveLength(MAX_DIAGNOSED_ENTERPRISES);
    const overview = await bot.admin('get', '/admin/api/overview');
    expect(overview.body.overview).toMatchObject(bound);
    // As the OpenAPI document declares them, with a list to see them in.
    const diagnoses = z.strictObject({ needsPerson: z.array(answer.needsPerson), ...answer.toDoBound });
    expect(diagnoses.safeParse(all.body).error).toBeUndefined();
    expect(answer.overview.safeParse(overview.body.overview).error).toBeUndefined();

    const session = await signInToDashboard(bot);
    const zh = (await dashboardPage(bot, '/admin', session)).text;
    expect(zh).toContain(
      `另有 ${OVER} 家企业可能需要人处理，此处未检查（只诊断了最紧急的 ${MAX_DIAGNOSED_ENTERPRISES} 家）`,
    );
    expect(zh).toContain('<a href="/admin/enterprises?stuck=true">扩大可见范围停滞</a>');
    expect(zh).not.toContain('一切正常');
    const en = (await dashboardPage(bot, '/admin', [session, `${LOCALE_COOKIE}=en`])).text;
    expect(en).toContain(`${OVER} more enterprises may need a person, not checked here`);
    expect(en).toContain('<a href="/admin/enterprises?stuck=true">Stuck rollouts</a>');
    // The link shows them.
    const list = await bot.admin('get', '/admin/api/enterprises?stuck=true&pageSize=100');
    expect(list.body.total).toBe(MAX_DIAGNOSED_ENTERPRISES + OVER);

    for (const command of ['diagnose', 'overview']) {
      const text = await cli(bot, command);
      expect(text).toContain(
        `${OVER} more enterprises may need a person, not checked here (only the ${MAX_DIAGNOSED_ENTERPRISES} most urgent were diagnosed)`,
      );
      expect(text).toContain(
        `npm run cli -- enterprises --stuck   (GET /admin/api/enterprises?stuck=true) — ${OVER}`,
      );
    }
    expect(JSON.parse(await cli(bot, 'diagnose', '--json'))).toMatchObject(bound);
  });

  it('changes nothing below the bound: everything checked, nothing said about the rest', async () => {
    await seedEscalated(bot, 2);
    const all = await bot.admin('get', '/admin/api/diagnoses');
    expect(all.body).toMatchObject({ checkedEnterprises: 2, notChecked: { enterprises: 0, lists: [] } });
    const session = await signInToDashboard(bot);
    const zh = (await dashboardPage(bot, '/admin', session)).text;
    expect(zh).not.toContain('id="not-checked"');
    expect(await cli(bot, 'diagnose')).not.toContain('not checked here');
  });
});
