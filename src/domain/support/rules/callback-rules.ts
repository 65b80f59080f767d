import { wordsFor, type Catalogue, type Locale } from '../../../shared/locale';
import type { InboundEvent } from '../../model';
import { formatLocal } from '../../rollout/zoned-time';
import { type EnterpriseRule, finding, type Finding, type TemplateRule } from '../diagnosis-types';
import { groupBy } from '../group-by';
import { elapsedWords } from '../support-words';
import { DIAGNOSIS_LIMITS } from './limits';

interface CallbackRuleWords {
  gaveUp: (n: number, kind: string, error: string) => string;
  retrying: (n: number, kind: string, error: string) => string;
  unknownError: string;
  retriesAt: (when: string) => string;
  scanAgain: string;
  byHand: string;
  staleTicket: (template: string, quiet: string) => string;
  noTicketYet: (template: string, quiet: string) => string;
  checkTicketUrl: (url: string | undefined) => string;
  lastTicket: (when: string) => string;
  neverReceived: string;
}

const WORDS: Catalogue<CallbackRuleWords> = {
  'zh-CN': {
    gaveUp: (n, kind, error) => `${n} 个 ${kind} 回调处理失败，已停止重试：${error}`,
    retrying: (n, kind, error) => `${n} 个 ${kind} 回调处理失败，稍后重试：${error}`,
    unknownError: '未知错误',
    retriesAt: (when) => `机器人会在 ${when} 重试。`,
    scanAgain: '修复原因后请企业重新扫码授权（授权码 10 分钟内有效，不能重放）。',
    byHand: '按错误修复，并手动处理这次变化（企业微信不会重发）。',
    staleTicket: (t, d) => `模版「${t}」已 ${d}没有收到 suite_ticket`,
    noTicketYet: (t, d) => `模版「${t}」启动 ${d}后仍未收到 suite_ticket`,
    checkTicketUrl: (url) =>
      `在服务商后台检查该模版的回调 URL${url ? `（应为 ${url}）` : ''}、Token 和 EncodingAESKey，` +
      '并确认外网能以 https 访问；可在后台手动推送 suite_ticket。',
    lastTicket: (when) => `最近的 ticket：${when}`,
    neverReceived: '从未收到',
  },
  en: {
    gaveUp: (n, kind, error) =>
      `${n} ${kind} callback${n === 1 ? '' : 's'} failed and will not be retried: ${error}`,
    retrying: (n, kind, error) =>
      `${n} ${kind} callback${n === 1 ? '' : 's'} failed, to be retried: ${error}`,
    unknownError: 'unknown error',
    retriesAt: (when) => `The bot retries at ${when}.`,
    scanAgain:
      'Fix the cause, then ask the enterprise to scan again (the auth code is valid for 10 minutes and cannot be replayed).',
    byHand: 'Fix the error and handle this change by hand: WeCom will not send it again.',
    staleTicket: (t, d) => `No suite_ticket for template ${t} for ${d}`,
    noTicketYet: (t, d) => `No suite_ticket for template ${t} since the bot started ${d} ago`,
    checkTicketUrl: (url) =>
      `Check the template’s callback URL${url ? ` (it should be ${url})` : ''}, Token and EncodingAESKey ` +
      'in the provider console and that it is reachable over https; the console can push a ticket by hand.',
    lastTicket: (when) => `last ticket: ${when}`,
    neverReceived: 'never received',
  },
};

/** Kinds whose loss leaves the bot with a wrong picture of the enterprise, not just an unanswered message. */
const CRITICAL_KINDS = new Set(['create_auth', 'cancel_auth', 'reset_permanent_code', 'change_auth']);

/** Callbacks answered but not handled: the bot retries a few times, then gives up. */
export const callbackFailed: EnterpriseRule = (f) =>
  failedFindings(f.callbacks, f.now, f.timeZone, f.locale, { corpId: f.corpId });

/** The same for template callbacks that carry no enterprise yet (create_auth has only an auth code). */
export const templateCallbackFailed: TemplateRule = (f) =>
  failedFindings(f.callbacks, f.now, f.timeZone, f.locale, { suiteId: f.suiteId });

function failedFindings(
  callbacks: readonly InboundEvent[],
  now: Date,
  timeZone: string,
  locale: Locale,
  scope: { corpId?: string; suiteId?: string },
): Finding[] {
  const w = wordsFor(WORDS, locale);
  const from = now.getTime() - DIAGNOSIS_LIMITS.failedCallbacksWindowMs;
  const failed = callbacks.filter((e) => e.status === 'failed' && e.receivedAt.getTime() >= from);
  return [...groupBy(failed, (e) => e.kind)].map(([kind, events]) => {
    const latest = events[0]!;
    // No next attempt: the dispatcher gave up. While one is planned, it is only worth knowing.
    const gaveUp = events.some((e) => !e.nextAttemptAt);
    const n = events.length;
    const error = latest.lastError ?? w.unknownError;
    return finding(
      {
        rule: 'callback_failed',
        key: `callback_failed:${scope.corpId ?? scope.suiteId}:${kind}`,
        severity: !gaveUp ? 'info' : CRITICAL_KINDS.has(kind) ? 'critical' : 'warning',
        needsPerson: gaveUp,
        ...scope,
        suiteId: scope.suiteId ?? latest.suiteId,
        cause: gaveUp ? w.gaveUp(n, kind, error) : w.retrying(n, kind, error),
        actor: gaveUp ? 'support' : 'nobody',
        nextStep: !gaveUp
          ? w.retriesAt(formatLocal(latest.nextAttemptAt!, timeZone))
          : kind === 'create_auth'
            ? w.scanAgain
            : w.byHand,
        since: events.at(-1)!.receivedAt,
        evidence: events
          .slice(0, 3)
          .map(
            (e) => `${formatLocal(e.receivedAt, timeZone)} ${e.kind}: ${e.lastError ?? '—'} (${e.attempts}×)`,
          ),
      },
      locale,
    );
  });
}

/** WeCom pushes a suite_ticket every 10 minutes to the template callback URL; none for long means that URL is broken. */
export const suiteTicketStale: TemplateRule = (f) => {
  const last = f.ticket?.receivedAt ?? f.listeningSince;
  const quiet = f.now.getTime() - last.getTime();
  if (quiet < DIAGNOSIS_LIMITS.suiteTicketStaleMs) return [];
  const d = elapsedWords(quiet, f.locale);
  const w = wordsFor(WORDS, f.locale);
  return [
    finding(
      {
        rule: 'suite_ticket_stale',
        key: `suite_ticket_stale:${f.suiteId}`,
        severity: 'critical',
        needsPerson: true,
        suiteId: f.suiteId,
        cause: f.ticket ? w.staleTicket(f.name, d) : w.noTicketYet(f.name, d),
        actor: 'provider_console',
        nextStep: w.checkTicketUrl(f.callbackUrl),
        since: last,
        evidence: [f.ticket ? w.lastTicket(formatLocal(f.ticket.receivedAt, f.timeZone)) : w.neverReceived],
      },
      f.locale,
    ),
  ];
};
