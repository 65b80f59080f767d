import { hintFor } from '../../ports/wecom-errors';
import type { OutboxMessage } from '../../model';
import { formatLocal } from '../../rollout/zoned-time';
import { type EnterpriseRule, finding } from '../diagnosis-types';
import { groupBy } from '../group-by';
import { baseDedupeKey } from '../resend-key';
import { ACTIONS } from './actions';
import { stillActive } from './active-apps';
import { DIAGNOSIS_LIMITS } from './limits';

/**
 * Messages to the enterprise that gave up, not resent since: the cause first (the error table's
 * hint), then a resend of the latest. Card updates are left out: their response codes expire.
 */
export const messagesFailed: EnterpriseRule = (f) => {
  const from = f.now.getTime() - DIAGNOSIS_LIMITS.failedMessagesWindowMs;
  // Per chain (a message and its resends) only the latest counts: a resend that went out closes it.
  const latestOfChain = new Map<string, OutboxMessage>();
  for (const m of f.messages) {
    if (!latestOfChain.has(baseDedupeKey(m.dedupeKey))) latestOfChain.set(baseDedupeKey(m.dedupeKey), m);
  }
  const failed = [...latestOfChain.values()].filter(
    (m) =>
      m.status === 'failed' &&
      m.channel === 'app' &&
      m.updatedAt.getTime() >= from &&
      stillActive(f, m.suiteId),
  );
  return [...groupBy(failed, (m) => m.suiteId ?? '')].map(([suiteId, msgs]) => {
    const latest = msgs[0]!;
    return finding({
      rule: 'messages_failed',
      key: `messages_failed:${suiteId}:${f.corpId}`,
      severity: 'warning',
      needsPerson: true,
      corpId: f.corpId,
      suiteId: suiteId || undefined,
      cause: `${msgs.length} 条消息发送失败 / ${msgs.length} message${msgs.length === 1 ? '' : 's'} failed`,
      actor: 'support',
      nextStep:
        latest.lastErrcode !== undefined
          ? `先处理原因，再重发：${hintFor(latest.lastErrcode, latest.lastError)} / Fix the cause first, then resend.`
          : '查看错误后重发 / Look at the error, then resend.',
      action: ACTIONS.resend(latest.id),
      since: msgs.at(-1)!.updatedAt,
      evidence: msgs.slice(0, 5).map(describe(f.timeZone)),
    });
  });
};

function describe(timeZone: string) {
  return (m: OutboxMessage): string =>
    `${m.topic} → ${m.toUser ?? '—'}: ${m.lastError ?? 'failed'}（${formatLocal(m.updatedAt, timeZone)}，id ${m.id}）`;
}
