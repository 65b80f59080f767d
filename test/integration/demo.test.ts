import { loadConfig } from '../../src/config';
import { runTour } from '../../scripts/demo/run-tour';
import { DEMO_TEMPLATE_NAME } from '../../src/embedded-default';
import { localTime } from '../../src/domain/rollout/zoned-time';

describe('npm run demo (the scripted tour)', () => {
  it('ends at the whole-company stage with every message and alert in the transcript', async () => {
    const result = await runTour();
    expect(result.rollout).toMatchObject({ state: 'completed', stageIndex: 2 });
    expect(result.limitViolations).toEqual([]);
    const text = result.transcript.join('\n');

    // What the admins saw, read from the simulator: each card title and each text, line by line.
    expect(result.delivered.length).toBeGreaterThanOrEqual(15);
    for (const e of result.delivered) {
      const said = e.card?.main_title?.title ?? e.content ?? '';
      expect(said).not.toBe('');
      for (const line of said.split('\n')) expect(text).toContain(line);
    }
    expect(result.alerts.length).toBeGreaterThan(0);
    for (const a of result.alerts) for (const line of a.content.split('\n')) expect(text).toContain(line);

    for (const admin of ['zhangsan', 'lisi']) {
      const titles = result.delivered.filter((e) => e.userId === admin).map((e) => e.card?.main_title?.title);
      expect(titles).toEqual(
        expect.arrayContaining([expect.stringContaining('已启用'), expect.stringContaining('权限申请')]),
      );
      expect(titles.filter((t) => t?.includes('扩大可见范围'))).toHaveLength(3);
    }
    expect(text).toContain('恭喜');
    expect(text).toContain('客户联系 已在企业微信生效');

    // Reminders come inside working hours in Shanghai (Mon–Fri 09:00–18:00), days apart on the fast clock.
    const reminders = result.delivered.filter((e) => e.card?.main_title?.title?.includes('扩大可见范围'));
    for (const e of reminders) {
      const t = localTime(e.at, 'Asia/Shanghai');
      expect(t.weekday >= 1 && t.weekday <= 5 && t.hour >= 9 && t.hour < 18).toBe(true);
    }
    const span = reminders.at(-1)!.at.getTime() - reminders[0]!.at.getTime();
    expect(span).toBeGreaterThan(7 * 24 * 3600_000);
  });

  it('in English, the enterprise receives only English and the transcript speaks it', async () => {
    const result = await runTour({ locale: 'en' });
    expect(result.rollout).toMatchObject({ state: 'completed', stageIndex: 2 });
    expect(result.stageName).toBe('Everyone');
    expect(result.limitViolations).toEqual([]);
    const toAdmins = result.delivered.filter((e) => e.msgtype !== 'wecom_notice');
    const said = toAdmins.map((e) =>
      e.card
        ? [
            e.card.main_title?.title,
            e.card.main_title?.desc,
            e.card.sub_title_text,
            ...((e.card.horizontal_content_list ?? []) as { keyname: string; value: string }[]).flatMap(
              (r) => [r.keyname, r.value],
            ),
            ...(e.card.button_list ?? []).map((b) => b.text),
            e.replacedName,
          ].join('\n')
        : (e.content ?? ''),
    );
    // The enabled card, the permission card and its purposes, the reminders and the replies.
    for (const words of [
      'is enabled',
      'Permission request',
      'asks for, and why',
      'Time to widen',
      'Confirmed:',
      'Congratulations',
    ])
      expect(said.some((s) => s.includes(words))).toBe(true);
    // The app's name is the provider's data, not the bot's words: the only Chinese an admin may see.
    expect(said.filter((s) => /\p{Script=Han}/u.test(s.replaceAll(DEMO_TEMPLATE_NAME, '')))).toEqual([]);
    // The support group's alerts too (alerts.locale follows the story): Chinese only in names.
    const names = [
      '示例科技',
      '样例贸易',
      DEMO_TEMPLATE_NAME,
      ...loadConfig({}).rollout.stages.map((s) => s.name),
    ];
    const alertText = result.alerts.map((a) => names.reduce((t, n) => t.replaceAll(n, ''), a.content));
    expect(alertText.length).toBeGreaterThan(0);
    expect(alertText.filter((t) => /\p{Script=Han}/u.test(t))).toEqual([]);
    // The narration and what the bot said; WeCom's own notices and the support group's alerts aside.
    const narration = result.transcript.filter((l) => !l.startsWith('      ') && !l.includes('WeCom notice'));
    expect(narration.filter((l) => /\p{Script=Han}/u.test(l.replaceAll(DEMO_TEMPLATE_NAME, '')))).toEqual([]);
  });
});
