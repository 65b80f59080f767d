import { createSupportAlerter, DEFAULT_MIN_INTERVAL_MS } from '../../../src/alerts/support-alerter';
import { createOutbox } from '../../../src/outbox/enqueue';
import { ManualClock } from '../../../src/shared/clock';
import type { Locale } from '../../../src/shared/locale';
import { createMemoryStores } from '../../../src/stores/memory';

describe('createSupportAlerter', () => {
  const setup = (locale: Locale = 'zh-CN') => {
    const clock = new ManualClock();
    const stores = createMemoryStores();
    const outbox = createOutbox({ store: stores.outbox, clock });
    const alerts = createSupportAlerter({ outbox, clock, locale });
    const support = async () =>
      (await stores.outbox.list({ channel: 'support' })).sort(
        (a, b) => a.notBefore.getTime() - b.notBefore.getTime(),
      );
    return { clock, stores, alerts, support };
  };

  it('writes a markdown message for the group robot with a warning-coloured title', async () => {
    const { alerts, support } = setup();
    await alerts.alert({
      dedupeKey: 'a1',
      title: '授权已取消',
      lines: ['已取消 2 条', 'why'],
      corpId: 'ww1',
    });

    const [m] = await support();
    expect(m).toMatchObject({ channel: 'support', dedupeKey: 'a1', ref: 'ww1', topic: 'support_alert' });
    expect(m.corpId).toBeUndefined();
    expect(m.payload).toEqual({
      msgtype: 'markdown',
      markdown: {
        content: '<font color="warning">**授权已取消**</font>\n> 企业: `ww1`\n- 已取消 2 条\n- why',
      },
    });
  });

  it('states the corp, the template, what happened and what to do once each', async () => {
    const { alerts, support } = setup();
    await alerts.alert({
      dedupeKey: 'a2',
      title: '扩大可见范围需要人工跟进',
      lines: ['连续 3 次提醒没有回复'],
      corpId: 'ww1',
      corpName: '示例科技',
      suiteId: 'dk1',
      action: '恢复：POST /admin/api/apps/dk1/ww1/rollout/resume',
    });
    const [m] = await support();
    const content = (m!.payload.markdown as { content: string }).content;
    expect(content.split('\n')).toEqual([
      '<font color="warning">**扩大可见范围需要人工跟进**</font>',
      '> 企业: 示例科技 `ww1`',
      '> 模版: `dk1`',
      '- 连续 3 次提醒没有回复',
      '> 处理: 恢复：POST /admin/api/apps/dk1/ww1/rollout/resume',
    ]);
    expect(content.match(/示例科技/g)).toHaveLength(1);
  });

  it('labels the template in the configured language, and says it is critical in it', async () => {
    const { alerts, support } = setup('en');
    expect(alerts.locale).toBe('en');
    await alerts.alert({
      dedupeKey: 'a3',
      title: 'A callback could not be handled',
      lines: ['Event: text (k1)'],
      corpId: 'ww1',
      corpName: 'Acme',
      suiteId: 'dk1',
      action: 'Check the logs',
      severity: 'critical',
    });
    const [m] = await support();
    expect((m!.payload.markdown as { content: string }).content.split('\n')).toEqual([
      '<font color="warning">**[Critical] A callback could not be handled**</font>',
      '> Corp: Acme `ww1`',
      '> Template: `dk1`',
      '- Event: text (k1)',
      '> What to do: Check the logs',
    ]);
  });

  it('renders text from WeCom as plain text: no link, tag, emphasis, code, heading or quote', async () => {
    const { alerts, support } = setup();
    const corpName =
      '[点此领取](https://evil.example) <font color="info">**ok**</font>`x`\n# 标题\n> 引用 _a_ ~b~ \\';
    await alerts.alert({
      dedupeKey: 'hostile',
      title: `企业取消授权`,
      lines: [`企业名称：甲 → ${corpName}`],
      corpId: 'ww`evil',
      corpName,
    });
    const [m] = await support();
    const content = (m!.payload.markdown as { content: string }).content;
    const [title, corp, ...rest] = content.split('\n');
    expect(title).toBe('<font color="warning">**企业取消授权**</font>');
    expect(corp).toBe(
      '> 企业: ［点此领取］(https://evil.example) ＜font color="info"＞＊＊ok＊＊＜/font＞｀x｀ ＃ 标题 ＞ 引用 ＿a＿ ～b～ ＼ `ww｀evil`',
    );
    expect(rest).toEqual([expect.stringMatching(/^- 企业名称：甲 → ［点此领取］/)]);
    expect(content.match(/</g)).toHaveLength(2); // the title's own <font> and </font> only
  });

  it('sends the same alert once', async () => {
    const { alerts, support } = setup();
    await alerts.alert({ dedupeKey: 'same', title: 't', lines: [] });
    await alerts.alert({ dedupeKey: 'same', title: 't', lines: [] });
    expect(await support()).toHaveLength(1);
  });

  it('spaces alerts to stay under ~18 a minute', async () => {
    const { clock, alerts, support } = setup();
    const start = clock.now().getTime();
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => alerts.alert({ dedupeKey: `k${i}`, title: 't', lines: [] })),
    );

    const times = (await support()).map((m) => m.notBefore.getTime());
    expect(times[0]).toBe(start);
    for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBe(DEFAULT_MIN_INTERVAL_MS);
    expect(times.filter((t) => t < start + 60_000)).toHaveLength(18);

    // Once quiet for a while, the next alert goes out at once.
    clock.advance(10 * 60_000);
    await alerts.alert({ dedupeKey: 'later', title: 't', lines: [] });
    expect((await support()).at(-1)!.notBefore).toEqual(clock.now());
  });

  it('keeps the message within the robot’s 4096 bytes', async () => {
    const { alerts, support } = setup();
    await alerts.alert({
      dedupeKey: 'long',
      title: 't',
      lines: Array.from({ length: 500 }, () => '很长的一行 long line'),
    });
    const content = ((await support())[0].payload.markdown as { content: string }).content;
    expect(Buffer.byteLength(content, 'utf8')).toBeLessThanOrEqual(4096);
    expect(content.endsWith('…')).toBe(true);
  });
});
