import { eventGaveUpAlert } from '../../../src/alerts/event-gave-up-alert';
import { createSupportAlerter } from '../../../src/alerts/support-alerter';
import { wecomErrorAlert } from '../../../src/alerts/wecom-error-alert';
import type { RolloutState } from '../../../src/domain/model';
import { NO_ERRCODE, WecomApiError } from '../../../src/domain/ports/wecom-errors';
import { ALERT_WORDS, reachFix } from '../../../src/domain/support/alert-words';
import { rolloutLines } from '../../../src/domain/support/rollout-lines';
import type { TextEvent } from '../../../src/events/types';
import { createOutbox } from '../../../src/outbox/enqueue';
import { ManualClock } from '../../../src/shared/clock';
import { LOCALES, type Locale } from '../../../src/shared/locale';
import { createMemoryStores } from '../../../src/stores/memory';
import { aDueRollout } from '../../helpers/domain-builders';
import { foreignTexts } from '../../helpers/one-language';

interface Said {
  name: string;
  text: string;
}

/**
 * Every word of the alert catalogue: strings as they are, functions called with digits for their
 * arguments (they only interpolate), so no entry of any alert kind is left out.
 */
function walk(name: string, value: unknown, out: Said[]): void {
  if (typeof value === 'string') out.push({ name, text: value });
  else if (typeof value === 'function') {
    const fn = value as (...args: string[]) => string;
    out.push({ name, text: fn(...Array.from({ length: fn.length }, (_, i) => String(i + 3))) });
  } else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) walk(`${name}.${k}`, v, out);
}

const ERRMSG_IP = 'not allow to access from your ip, from ip: 192.0.2.5';
const ERRCODES = [NO_ERRCODE, -1, 40001, 40082, 40084, 40085, 41025, 48002, 48004, 48006, 50002, 60011];
const MORE_ERRCODES = [60020, 60021, 81013, 92000, 301002, 60140, 93000, 93004, 99999];

/** The alerts built at the edges (WeCom errors with their hints, a callback given up), as sent. */
async function edgeAlerts(locale: Locale): Promise<Said[]> {
  const clock = new ManualClock('2026-03-02T02:00:00Z');
  const stores = createMemoryStores();
  const alerts = createSupportAlerter({
    outbox: createOutbox({ store: stores.outbox, clock }),
    clock,
    locale,
  });
  const at = clock.now();
  for (const errcode of [...ERRCODES, ...MORE_ERRCODES]) {
    const err = new WecomApiError(errcode, ERRMSG_IP, 'message/send', 'permanent');
    await alerts.alert(
      wecomErrorAlert(err, { suiteId: 'dk1', corpId: `ww${errcode}`, at, what: 'rollout_reminder' }, locale),
    );
  }
  const event: TextEvent = {
    kind: 'text',
    source: 'app',
    suiteId: 'dk1',
    corpId: 'ww1',
    agentId: 1000002,
    fromUser: 'u1',
    createTime: 0,
    msgId: '1',
    content: '帮助',
  };
  await alerts.alert(eventGaveUpAlert('k1', event, 'timeout', locale));
  const sent = await stores.outbox.list({ channel: 'support' });
  return sent.map((m) => ({ name: m.dedupeKey, text: (m.payload.markdown as { content: string }).content }));
}

function rolloutAlertLines(locale: Locale): Said[] {
  const at = new Date('2026-03-02T02:00:00Z');
  const plan = [
    { name: 'P1', reach: 'members' as const, waitMinutes: 4320 },
    { name: 'P2', reach: 'company' as const, waitMinutes: 0 },
  ];
  const states: RolloutState[] = ['active', 'paused', 'completed', 'cancelled', 'escalated'];
  return states.flatMap((state) =>
    [-1, 0, 1].flatMap((stageIndex) =>
      rolloutLines(
        aDueRollout(at, {
          suiteId: 'dk1',
          corpId: 'ww1',
          plan,
          state,
          stageIndex,
          unanswered: 2,
          nextReminderAt: at,
          actual:
            stageIndex < 0 ? undefined : { users: ['a', 'b'], parties: stageIndex ? [1] : [], tags: [] },
          actualObservedAt: at,
        }),
        { timeZone: 'Asia/Shanghai', maxUnanswered: 3 },
        locale,
      ).map((text) => ({ name: `rollout.${state}.${stageIndex}`, text })),
    ),
  );
}

/**
 * Data the alerts carry as they are: ids, API paths, WeCom's errmsg, URLs, configuration keys and
 * WeCom's own field names, the time zone. What is left is the alerts' own words.
 */
const DATA = [
  new RegExp(ERRMSG_IP, 'g'),
  /https?:\/\/\S+/g,
  /POST \/admin\/api\/\S+/g,
  /`[^`]*`/g,
  /(?:message|agent)\/\w+|rollout_reminder|Asia\/Shanghai|timeout|agentid|apiBase|supportWebhookUrl/g,
  /\b[a-z]+(?:[_＿][a-z]+)+\b/g,
  /\bIP\b|\bID\b|\bHTTP 5xx\b/g,
  // The robot's markdown and the event's kind.
  /<\/?font[^>]*>/g,
  /\btext\b/g,
];

describe.each(LOCALES)('every support alert in %s', (locale) => {
  it('speaks one language: every catalogue entry, the template, the edge alerts and the rollout lines', async () => {
    const words: Said[] = [];
    walk('alert', ALERT_WORDS[locale], words);
    const all = [
      ...words,
      { name: 'reachFix', text: reachFix(locale) },
      ...(await edgeAlerts(locale)),
      ...rolloutAlertLines(locale),
    ];
    expect(words.length).toBeGreaterThan(50);
    expect(all.length).toBeGreaterThan(100);
    expect(foreignTexts(locale, all, DATA)).toEqual([]);
  });
});

describe('the one-language check on alerts can fail', () => {
  it('finds a "中文 / English" pair, and English beside an id', () => {
    const one = (text: string) => [{ text }];
    expect(foreignTexts('zh-CN', one('企业取消授权 / Authorization cancelled'), DATA)).toHaveLength(1);
    expect(foreignTexts('en', one('> 企业 Corp: `ww1`'), DATA)).toHaveLength(1);
    expect(foreignTexts('zh-CN', one('> 企业: `ww1`'), DATA)).toEqual([]);
  });
});
