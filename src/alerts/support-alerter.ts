import type { Outbox, SupportAlert, SupportAlerts } from '../domain/ports';
import type { Clock } from '../shared/clock';
import type { Locale } from '../shared/locale';
import { alertWords } from '../domain/support/alert-words';
import { truncateUtf8 } from '../domain/wecom-messages';

/** The group robot's markdown.content limit. */
export const WEBHOOK_MARKDOWN_MAX_BYTES = 4096;

/** The robot takes 20 messages a minute; keep under about 18 to leave room for a person's test message. */
export const DEFAULT_MIN_INTERVAL_MS = Math.ceil(60_000 / 18);

export interface SupportAlerterOptions {
  outbox: Outbox;
  clock: Clock;
  /** The support group's one language (`alerts.locale`). */
  locale: Locale;
  minIntervalMs?: number;
}

/**
 * Alerts for the provider's support group, written to the outbox ('support' channel, sent with the
 * group robot webhook). The dedupe key makes an alert go out once; spacing the notBefore of
 * successive alerts keeps this process under the robot's rate limit (per process: several
 * instances share the robot, which is why the spacing leaves headroom).
 */
export function createSupportAlerter(opts: SupportAlerterOptions): SupportAlerts {
  const minIntervalMs = opts.minIntervalMs ?? DEFAULT_MIN_INTERVAL_MS;
  let lastSlot = Number.NEGATIVE_INFINITY;

  return {
    locale: opts.locale,
    async alert(a: SupportAlert): Promise<void> {
      // The slot is taken before the await, so concurrent alerts never share one.
      const slot = Math.max(opts.clock.now().getTime(), lastSlot + minIntervalMs);
      lastSlot = slot;
      await opts.outbox.enqueue({
        dedupeKey: a.dedupeKey,
        channel: 'support',
        // The corp goes in ref, not corpId: cancelling a corp's queued messages must not drop its alerts.
        ref: a.corpId,
        topic: 'support_alert',
        payload: { msgtype: 'markdown', markdown: { content: render(a, opts.locale) } },
        notBefore: new Date(slot),
      });
    },
  };
}

function render(a: SupportAlert, locale: Locale): string {
  const w = alertWords(locale).template;
  const severity = a.severity ?? 'warning';
  const color = severity === 'info' ? 'info' : 'warning';
  const prefix = severity === 'critical' ? w.critical : '';
  const lines = [`<font color="${color}">**${prefix}${plain(a.title)}**</font>`];
  if (a.corpId) {
    const name = a.corpName ? `${plain(a.corpName)} ` : '';
    lines.push(`> ${w.corp}: ${name}\`${plain(a.corpId)}\``);
  }
  if (a.suiteId) lines.push(`> ${w.template}: \`${plain(a.suiteId)}\``);
  lines.push(...a.lines.map((line) => `- ${plain(line)}`));
  if (a.action) lines.push(`> ${w.action}: ${plain(a.action)}`);
  return truncateUtf8(lines.join('\n'), WEBHOOK_MARKDOWN_MAX_BYTES);
}

/** What WeCom's markdown reads as markup: links, tags, emphasis, code, headings and quotes. */
const MARKUP: Record<string, string> = {
  '[': '［',
  ']': '］',
  '<': '＜',
  '>': '＞',
  '*': '＊',
  _: '＿',
  '`': '｀',
  '#': '＃',
  '~': '～',
  '\\': '＼',
};

/**
 * Alert text as plain text: titles and lines carry corp names, user ids and error messages from
 * WeCom and its users, and a corp named `[点此](https://evil)` must not become a link in the
 * support group. The robot's markdown has no documented escape, so markup characters become
 * their full-width look-alikes, and a line break cannot start a heading or a quote.
 */
function plain(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/[[\]<>*_`#~\\]/g, (ch) => MARKUP[ch]!);
}
