import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createContainerBackend } from '../../src/cli/container-backend';
import { main, type CliIo } from '../../src/cli/main';
import { buildPng } from '../fixtures/images/build-images';
import { ADMIN_TOKEN, createTestBot, SUITE, type TestBot } from '../helpers/test-bot';
import { daysAgo, seed } from '../unit/domain/support/support-fixture';

const S = SUITE.suiteId;

interface Run {
  code: number;
  out: string;
  err: string;
}

/** The CLI in this process, on the test bot's container (as with MongoDB) or over HTTP (--url). */
function cli(bot: TestBot, opts: { http?: boolean; files?: Record<string, Uint8Array> } = {}) {
  return async (...argv: string[]): Promise<Run> => {
    const out: string[] = [];
    const err: string[] = [];
    const io: CliIo = {
      out: (t) => out.push(t),
      err: (t) => err.push(t),
      env: {},
      readFile: async (path) => {
        const file = opts.files?.[path];
        if (!file) throw Object.assign(new Error('no such file'), { code: 'ENOENT' });
        return file;
      },
      ...(opts.http
        ? {}
        : {
            connect: async () => ({
              backend: createContainerBackend(bot.container, async () => undefined),
              timeZone: 'Asia/Shanghai',
            }),
          }),
    };
    const code = await main(argv, io);
    await bot.container.idle();
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
}

async function seedWorld(bot: TestBot): Promise<void> {
  await seed(bot.stores, {
    auth: { suiteId: S, corpId: 'wwa', corpName: '甲公司', createdAt: daysAgo(2) },
    rollout: {
      state: 'escalated',
      history: [{ at: daysAgo(1), what: 'escalated', detail: '3 reminders unanswered' }],
    },
  });
  await seed(bot.stores, {
    auth: { suiteId: S, corpId: 'wwb', corpName: 'Beta Ltd', createdAt: daysAgo(1) },
    app: { status: 'developing', createdAt: daysAgo(1) },
    rollout: null,
  });
}

describe('CLI in process (container backend)', () => {
  let bot: TestBot;
  let run: ReturnType<typeof cli>;
  beforeEach(async () => {
    bot = await createTestBot();
    await seedWorld(bot);
    run = cli(bot, {
      files: {
        'plan.json': Buffer.from(
          JSON.stringify({
            stages: [
              { name: '试点', names: { en: 'Pilot' }, reach: 'members', waitMinutes: 60 },
              { name: '全员', reach: 'company', waitMinutes: 0 },
            ],
          }),
        ),
        'bad.json': Buffer.from('{ nope'),
        'logo.png': buildPng(750, 750),
        'small.png': buildPng(100, 80),
      },
    });
  });
  afterEach(() => bot.close());

  it('prints no control character, whatever WeCom names contain', async () => {
    const hostile = 'Evil\u001b]0;pwned\u0007\u001b[2J\rCorp\u009b31m\u202Egnp.exe';
    await seed(bot.stores, {
      auth: { suiteId: S, corpId: 'wwevil\u001b[31m', corpName: hostile, admins: ['u\u001b[8m'] },
    });
    for (const argv of [['enterprises'], ['enterprises', '--json'], ['app', S, 'wwevil\u001b[31m']]) {
      const r = await run(...argv);
      // eslint-disable-next-line no-control-regex -- looking for them
      expect(`${r.out}${r.err}`).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E]/);
    }
    expect((await run('enterprises')).out).toContain('Evil]0;pwned[2JCorp31mgnp.exe');
  });

  it('lists enterprises as an aligned table, Chinese names counted double width', async () => {
    const r = await run('enterprises');
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines[0]).toMatch(/^CORP ID\s+企业 NAME\s+AUTH\s+应用 APPS\s+PENDING\s+STUCK$/);
    const col = (line: string, text: string) => {
      const i = line.indexOf(text);
      // Display column: CJK characters before it count twice.
      return [...line.slice(0, i)].reduce((w, ch) => w + (/[\u4e00-\u9fff]/.test(ch) ? 2 : 1), 0);
    };
    expect(col(lines[1]!, 'active')).toBe(col(lines[0]!, 'AUTH'));
    expect(col(lines[2]!, 'active')).toBe(col(lines[0]!, 'AUTH'));
    expect(lines[1]).toContain('Beta Ltd');
    expect(lines[2]).toContain('甲公司');
    expect(r.out).toContain('第 1 页，共 2 条 / page 1, 2 in all');
  });

  it('prints JSON for scripts, with the filters of the API', async () => {
    const r = await run('apps', '--status', 'developing', '--json');
    expect(r.code).toBe(0);
    const page = JSON.parse(r.out);
    expect(page).toMatchObject({ total: 1, page: 1, pageSize: 20 });
    expect(page.items[0]).toMatchObject({ corpId: 'wwb', status: 'developing' });
    const stuck = JSON.parse((await run('enterprises', '--stuck', '--json')).out);
    expect(stuck.items.map((e: { corpId: string }) => e.corpId)).toEqual(['wwa']);
    const notStuck = JSON.parse((await run('enterprises', '--stuck=false', '--json')).out);
    expect(notStuck.items.map((e: { corpId: string }) => e.corpId)).toEqual(['wwb']);
  });

  it('refuses a bad value with the API’s message, as wrong usage (exit 2)', async () => {
    const r = await run('apps', '--page-size', '101');
    expect(r.code).toBe(2);
    expect(r.err).toContain('pageSize');
    expect(r.err).toContain('1 to 100');
  });

  it('shows one app with its latest history, and its timeline', async () => {
    const r = await run('app', S, 'wwa');
    expect(r.code).toBe(0);
    expect(r.out).toContain('「客户管家」 wwsuite0001 / wwa（甲公司）');
    expect(r.out).toContain('已转客服跟进 / escalated to support');
    expect(r.out).toMatch(/最近 \/ Latest:\nAT\s+SOURCE\s+STATUS\s+WHAT/);
    const t = JSON.parse((await run('timeline', S, 'wwa', '--json', '--page-size', '1')).out);
    expect(t).toMatchObject({ total: 2, pageSize: 1 });
    expect(t.items[0]).toMatchObject({ source: 'rollout', what: 'escalated' });
    expect((await run('app', S, 'wwnobody')).code).toBe(1);
  });

  it('diagnoses one enterprise and lists what needs a person, with the CLI command of each action', async () => {
    const one = await run('diagnose', 'wwa');
    expect(one.code).toBe(0);
    expect(one.out).toContain('结论 / summary:');
    expect(one.out).toContain('3 次提醒无人回复');
    expect(one.out).toContain(`npm run cli -- rollout resume ${S} wwa`);
    const all = await run('diagnose');
    expect(all.out).toContain('需要人工处理 / Needs a person (1):');
    expect(all.out).toContain('企业 / enterprises: 甲公司 (wwa)');
    const overview = await run('overview');
    expect(overview.out).toContain('应用 / apps: developing 1, in_review 0, approved 0, enabled 1');
  });

  it('gives the findings in the language --locale names, and refuses one it does not know', async () => {
    const zh = await run('diagnose', 'wwa');
    const en = await run('diagnose', 'wwa', '--locale', 'en');
    expect(en.code).toBe(0);
    expect(en.out).not.toContain('3 次提醒无人回复');
    expect(en.out).toContain('3 reminders');
    expect(en.out).not.toEqual(zh.out);
    const all = JSON.parse((await run('diagnose', '--locale', 'en', '--json')).out);
    expect(all.needsPerson[0]).toMatchObject({
      cause: 'The rollout reminders stopped: 3 reminders unanswered',
      actorLabel: 'support staff',
    });
    const bad = await run('diagnose', 'wwa', '--locale', 'fr');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--locale');
    expect(bad.err).toContain('zh-CN, en');
  });

  it('marks and unmarks a test enterprise, refusing anything but true or false', async () => {
    const marked = await run('set-test', 'wwa', 'true');
    expect([marked.code, marked.out]).toEqual([
      0,
      'wwa: 测试企业 / test enterprise, 1 个授权 / authorizations',
    ]);
    expect(await bot.stores.authorizations.get(S, 'wwa')).toMatchObject({ test: true });
    expect((await run('set-test', 'wwa', 'false')).out).toBe(
      'wwa: 客户企业 / customer, 1 个授权 / authorizations',
    );
    expect((await run('set-test', 'wwa', 'yes')).code).toBe(2);
    expect((await run('set-test', 'wwnobody', 'true')).code).toBe(1);
  });

  it('sets the language of an enterprise, refusing anything but a known locale', async () => {
    const set = await run('set-locale', 'wwa', 'en');
    expect([set.code, set.out]).toEqual([0, 'wwa: en, 1 个授权 / authorizations']);
    expect(await bot.stores.authorizations.get(S, 'wwa')).toMatchObject({ locale: 'en' });
    const bad = await run('set-locale', 'wwa', 'fr');
    expect(bad.code).toBe(2);
    expect(await bot.stores.authorizations.get(S, 'wwa')).toMatchObject({ locale: 'en' });
    expect((await run('set-locale', 'wwnobody', 'en')).code).toBe(1);
  });

  it('acts: status, permission request, rollout pause/resume/restart, plan from a file', async () => {
    const status = await run('set-status', S, 'wwb', 'in_review');
    expect([status.code, status.out]).toEqual([0, '「客户管家」 wwsuite0001 / wwb: in_review']);
    expect((await bot.stores.apps.get(S, 'wwb'))!.statusHistory.at(-1)).toMatchObject({ by: 'support' });

    const filed = await run('request-permissions', S, 'wwb', '客户联系', '--by', 'li');
    expect(filed.code).toBe(0);
    expect(filed.out).toMatch(/^已提出 \/ filed [0-9a-f-]+: customer_contact — 待企业客户确认/);
    expect((await bot.stores.permissionRequests.list({ corpId: 'wwb' }))[0]!.filedBy).toBe('support:li');
    const id = /filed ([0-9a-f-]+):/.exec(filed.out)![1]!;
    const granted = await run('permission-granted', S, 'wwb', id, '--by', 'li');
    expect([granted.code, granted.out]).toEqual([0, `${id}: customer_contact — 已生效 / in effect`]);
    expect((await bot.stores.permissionRequests.get(id))!.evidence).toMatchObject({
      kind: 'support',
      by: 'support:li',
    });
    expect((await run('permission-granted', S, 'wwb', id)).code).not.toBe(0);

    expect((await run('rollout', 'resume', S, 'wwa')).out).toContain(': active');
    expect((await run('rollout', 'pause', S, 'wwa', '--by', 'li')).out).toContain(': paused');
    expect((await run('rollout', 'restart', S, 'wwa')).out).toContain('已达到 / reached: 尚无 / none yet');
    const history = (await bot.stores.rollouts.get(S, 'wwa'))!.history.map((h) => [h.what, h.by]);
    expect(history.slice(-3)).toEqual([
      ['resumed', 'support'],
      ['paused', 'support:li'],
      ['restarted', 'support'],
    ]);

    const plan = await run('set-plan', S, 'wwa', 'plan.json');
    expect(plan.code).toBe(0);
    // A stage named in English too reads in both languages; one named only once, once.
    expect(plan.out).toContain('计划 / plan: 试点 / Pilot → 全员');
    expect((await bot.stores.rollouts.get(S, 'wwa'))!.plan[0]!.names).toEqual({ en: 'Pilot' });
    expect((await run('set-plan', S, 'wwa', 'bad.json')).code).toBe(2);
    expect((await run('set-plan', S, 'wwa', 'missing.json')).err).toContain('ENOENT');
    expect((await run('rollout', 'explode', S, 'wwa')).code).toBe(2);
  });

  it('resends a message, records templates and batch QR codes and lists them', async () => {
    const now = bot.clock.now();
    const { message } = await bot.stores.outbox.enqueue(
      {
        dedupeKey: 'k',
        channel: 'app',
        suiteId: S,
        corpId: 'wwa',
        toUser: 'alice',
        topic: 'rollout_reply',
        payload: { touser: 'alice', msgtype: 'text', text: { content: 'x' } },
      },
      now,
    );
    await bot.stores.outbox.claimDue({ owner: 't', now, leaseMs: 1000, limit: 10 });
    await bot.stores.outbox.markFailed(message.id, 't', { error: 'errcode 81013', errcode: 81013 }, now);
    const listed = await run('messages', '--corp', 'wwa', '--status', 'failed');
    expect(listed.out).toContain(message.id);
    const resent = await run('resend', message.id);
    expect(resent.code).toBe(0);
    expect(resent.out).toContain('(k:resend:1) → alice');

    for (const id of ['wwt1', 'wwt2']) {
      expect((await run('record-template', id, `模版${id}`, '--status', 'online')).code).toBe(0);
    }
    expect((await run('templates')).out).toMatch(/wwt1\s+模版wwt1\s+online\s+no/);
    expect((await run('record-batch-qr', 'wwt1', 'wwt2', '--url', 'https://q.example')).code).toBe(0);
    expect((await run('batch-qr')).out).toContain('wwt1,wwt2');
    const conflict = await run('record-batch-qr', 'wwt1', S);
    expect(conflict.code).toBe(1);
    expect(conflict.err).toContain('HTTP 409');
  });

  it('records a template and moves it as the handbook has it, QR code once online', async () => {
    expect((await run('record-template', 'wwt3', '巡检')).out).toBe(
      '已记录 / recorded wwt3「巡检」: created',
    );
    const early = await run('record-template', 'wwt4', '四', '--status', 'approved', '--qr-code', 'qr/4.png');
    expect([early.code, early.err]).toEqual([2, expect.stringContaining('field qrCode')]);
    const skip = await run('template-status', 'wwt3', 'online');
    expect([skip.code, skip.err]).toEqual([1, expect.stringContaining('allowed from created: in_review')]);
    for (const to of ['in_review', 'approved'])
      expect((await run('template-status', 'wwt3', to)).code).toBe(0);
    const online = await run('template-status', 'wwt3', 'online', '--qr-code', 'https://qr.example/3.png');
    expect(online.out).toBe('已变更 / moved wwt3「巡检」: online (QR https://qr.example/3.png)');
    expect((await run('templates')).out).toMatch(
      /wwt3\s+巡检\s+online\s+no\s+—\s+https:\/\/qr\.example\/3\.png/,
    );
    expect((await bot.stores.templates.get('wwt3'))?.statusHistory.map((h) => h.by)).toEqual([
      'support',
      'support',
      'support',
    ]);
  });

  it('checks a configuration with the logo file’s bytes, exit 1 on problems', async () => {
    const ok = await run('check-config', '--kind', 'template', '--name', '客户管家', '--logo', 'logo.png');
    expect([ok.code, ok.out]).toEqual([0, '✓ 符合填写标准 / meets the configuration standards']);
    const bad = await run(
      'check-config',
      '--kind',
      'app',
      '--logo',
      'small.png',
      '--ip-whitelist',
      '1.2.3.4,1.2.3',
    );
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/logo\s+logo_dimensions/);
    expect(bad.out).toMatch(/ipWhitelist\[1\]\s+ip_whitelist_invalid/);
    const json = JSON.parse(
      (await run('check-config', '--kind', 'app', '--logo', 'small.png', '--json')).out,
    );
    expect(json.ok).toBe(false);
  });

  it.each([
    [['bogus'], 'unknown command: bogus'],
    [['apps', '--colour'], 'unknown option: --colour'],
    [['apps', '--page'], '--page needs a value'],
    [['app', S], 'wrong number of arguments'],
    [['diagnose', 'a', 'b'], 'wrong number of arguments'],
    [['check-config'], 'kind is required'],
    [[], 'Usage'],
  ])('exits 2 with a message for %j', async (argv, message) => {
    const r = await run(...argv);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
    expect(r.out).toBe('');
  });

  it('prints usage with --help and exits 0', async () => {
    const all = await run('--help');
    expect(all.code).toBe(0);
    for (const name of ['overview', 'enterprises', 'diagnose', 'resend', 'set-plan', 'check-config']) {
      expect(all.out).toContain(`  ${name} `);
    }
    const one = await run('rollout', '--help');
    expect(one.out).toContain('npm run cli -- rollout <pause|resume|restart> <suiteId> <corpId> [--by NAME]');
  });
});

describe('CLI over HTTP (a running bot, the memory store)', () => {
  let bot: TestBot;
  let server: Server;
  let url: string;
  beforeAll(async () => {
    bot = await createTestBot();
    await seedWorld(bot);
    server = bot.app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await bot.close();
  });

  it('answers exactly what the in-process backend answers', async () => {
    const http = cli(bot, { http: true });
    const local = cli(bot);
    for (const argv of [
      ['enterprises', '--json'],
      ['apps', '--pending=false', '--page-size', '1', '--json'],
      ['app', S, 'wwa', '--json'],
      ['diagnose', 'wwa', '--json'],
      ['diagnose', 'wwa', '--json', '--locale', 'en'],
      ['diagnose', '--json'],
      ['diagnose', '--json', '--locale', 'en'],
      ['overview', '--json'],
      ['overview', '--json', '--locale', 'en'],
      ['templates', '--json'],
    ]) {
      const over = await http(...argv, '--url', url, '--token', ADMIN_TOKEN);
      expect([argv, over.code, over.err]).toEqual([argv, 0, '']);
      expect(JSON.parse(over.out)).toEqual(JSON.parse((await local(...argv)).out));
    }
  });

  it('acts through the API', async () => {
    const http = cli(bot, { http: true });
    const r = await http('rollout', 'resume', S, 'wwa', '--by', 'wang', '--url', url, '--token', ADMIN_TOKEN);
    expect(r.code).toBe(0);
    expect((await bot.stores.rollouts.get(S, 'wwa'))!.history.at(-1)).toMatchObject({
      what: 'resumed',
      by: 'support:wang',
    });
    const t = ['--url', url, '--token', ADMIN_TOKEN];
    expect((await http('record-template', 'wwt5', '五', '--status', 'in_review', ...t)).code).toBe(0);
    const moved = await http('template-status', 'wwt5', 'approved', '--json', ...t);
    expect(JSON.parse(moved.out)).toMatchObject({
      status: 'approved',
      statusHistory: [{ from: 'in_review' }],
    });
    const bad = await http('set-status', S, 'wwb', 'live', '--url', url, '--token', ADMIN_TOKEN);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('field status');

    const filed = await http(
      'request-permissions',
      S,
      'wwb',
      '日程',
      '--json',
      '--url',
      url,
      '--token',
      ADMIN_TOKEN,
    );
    const id = (JSON.parse(filed.out) as { id: string }).id;
    const granted = await http(
      'permission-granted',
      S,
      'wwb',
      id,
      '--by',
      'wang',
      '--url',
      url,
      '--token',
      ADMIN_TOKEN,
    );
    expect([granted.code, granted.out]).toEqual([0, `${id}: schedule — 已生效 / in effect`]);
    expect((await bot.stores.permissionRequests.get(id))!.evidence).toMatchObject({
      kind: 'support',
      by: 'support:wang',
    });
  });

  it('takes the token from ADMIN_TOKEN, and says so when the token is wrong or missing', async () => {
    const run = async (env: NodeJS.ProcessEnv, ...argv: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t), env });
      return { code, out: out.join('\n'), err: err.join('\n') };
    };
    expect((await run({ ADMIN_TOKEN }, 'templates', '--url', url)).code).toBe(0);
    const wrong = await run({}, 'templates', '--url', url, '--token', 'wrong-token-0123456789');
    expect(wrong.code).toBe(1);
    expect(wrong.err).toContain('HTTP 401');
    const missing = await run({}, 'templates', '--url', url);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('ADMIN_TOKEN');
    // Without --url, the memory store's configuration points at http://localhost:<PORT>.
    const port = new URL(url).port;
    expect((await run({ ADMIN_TOKEN, PORT: port }, 'templates')).code).toBe(0);
    const closed = await run({ ADMIN_TOKEN }, 'templates', '--url', 'http://127.0.0.1:9');
    expect(closed.code).toBe(1);
    expect(closed.err).toContain('cannot reach the bot');
  });
});
