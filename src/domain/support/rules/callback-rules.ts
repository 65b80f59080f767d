import type { InboundEvent } from '../../model';
import { formatLocal } from '../../rollout/zoned-time';
import { type EnterpriseRule, finding, type Finding, type TemplateRule } from '../diagnosis-types';
import { elapsed } from '../elapsed';
import { groupBy } from '../group-by';
import { DIAGNOSIS_LIMITS } from './limits';

/** Kinds whose loss leaves the bot with a wrong picture of the enterprise, not just an unanswered message. */
const CRITICAL_KINDS = new Set(['create_auth', 'cancel_auth', 'reset_permanent_code', 'change_auth']);

/** Callbacks answered but not handled: the bot retries a few times, then gives up. */
export const callbackFailed: EnterpriseRule = (f) =>
  failedFindings(f.callbacks, f.now, f.timeZone, { corpId: f.corpId });

/** The same for template callbacks that carry no enterprise yet (create_auth has only an auth code). */
export const templateCallbackFailed: TemplateRule = (f) =>
  failedFindings(f.callbacks, f.now, f.timeZone, { suiteId: f.suiteId });

function failedFindings(
  callbacks: readonly InboundEvent[],
  now: Date,
  timeZone: string,
  scope: { corpId?: string; suiteId?: string },
): Finding[] {
  const from = now.getTime() - DIAGNOSIS_LIMITS.failedCallbacksWindowMs;
  const failed = callbacks.filter((e) => e.status === 'failed' && e.receivedAt.getTime() >= from);
  return [...groupBy(failed, (e) => e.kind)].map(([kind, events]) => {
    const latest = events[0]!;
    // No next attempt: the dispatcher gave up. While one is planned, it is only worth knowing.
    const gaveUp = events.some((e) => !e.nextAttemptAt);
    const n = events.length;
    return finding({
      rule: 'callback_failed',
      key: `callback_failed:${scope.corpId ?? scope.suiteId}:${kind}`,
      severity: !gaveUp ? 'info' : CRITICAL_KINDS.has(kind) ? 'critical' : 'warning',
      needsPerson: gaveUp,
      ...scope,
      suiteId: scope.suiteId ?? latest.suiteId,
      cause: gaveUp
        ? `${n} 个 ${kind} 回调处理失败，已停止重试 / ${n} ${kind} callback${n === 1 ? '' : 's'} failed and will not be retried: ${latest.lastError ?? 'unknown error'}`
        : `${n} 个 ${kind} 回调处理失败，稍后重试 / ${n} ${kind} callback${n === 1 ? '' : 's'} failed, to be retried: ${latest.lastError ?? 'unknown error'}`,
      actor: gaveUp ? 'support' : 'nobody',
      nextStep: !gaveUp
        ? `机器人会在 ${formatLocal(latest.nextAttemptAt!, timeZone)} 重试 / The bot retries at ${formatLocal(latest.nextAttemptAt!, timeZone)}.`
        : kind === 'create_auth'
          ? '修复原因后请企业重新扫码授权（授权码 10 分钟内有效，不能重放） / Fix the cause, then ask the enterprise to scan again (the auth code is valid for 10 minutes and cannot be replayed).'
          : '按错误修复，并手动处理这次变化（企业微信不会重发） / Fix the error and handle this change by hand: WeCom will not send it again.',
      since: events.at(-1)!.receivedAt,
      evidence: events
        .slice(0, 3)
        .map(
          (e) => `${formatLocal(e.receivedAt, timeZone)} ${e.kind}: ${e.lastError ?? '—'} (${e.attempts}×)`,
        ),
    });
  });
}

/** WeCom pushes a suite_ticket every 10 minutes to the template callback URL; none for long means that URL is broken. */
export const suiteTicketStale: TemplateRule = (f) => {
  const last = f.ticket?.receivedAt ?? f.listeningSince;
  const quiet = f.now.getTime() - last.getTime();
  if (quiet < DIAGNOSIS_LIMITS.suiteTicketStaleMs) return [];
  const d = elapsed(quiet);
  const url = f.callbackUrl ? `（应为 / should be ${f.callbackUrl}）` : '';
  return [
    finding({
      rule: 'suite_ticket_stale',
      key: `suite_ticket_stale:${f.suiteId}`,
      severity: 'critical',
      needsPerson: true,
      suiteId: f.suiteId,
      cause: f.ticket
        ? `模版「${f.name}」已 ${d.zh}没有收到 suite_ticket / No suite_ticket for template ${f.name} for ${d.en}`
        : `模版「${f.name}」启动 ${d.zh}后仍未收到 suite_ticket / No suite_ticket for template ${f.name} since the bot started ${d.en} ago`,
      actor: 'provider_console',
      nextStep:
        `在服务商后台检查该模版的回调 URL${url}、Token 和 EncodingAESKey，并确认外网能以 https 访问；可在后台手动推送 ticket / ` +
        'Check the template’s callback URL, Token and EncodingAESKey in the provider console and that it is reachable over https; the console can push a ticket by hand.',
      since: last,
      evidence: [
        f.ticket
          ? `最近的 ticket / last ticket: ${formatLocal(f.ticket.receivedAt, f.timeZone)}`
          : '从未收到 / never received',
      ],
    }),
  ];
};
