import { wordsFor, type Catalogue } from '../../../shared/locale';
import { hintFor } from '../../ports/wecom-errors';
import type { OutboxMessage } from '../../model';
import { formatLocal } from '../../rollout/zoned-time';
import { type EnterpriseRule, finding } from '../diagnosis-types';
import { groupBy } from '../group-by';
import { baseDedupeKey } from '../resend-key';
import { actions } from './actions';
import { stillActive } from './active-apps';
import { DIAGNOSIS_LIMITS } from './limits';

const WORDS: Catalogue<{
  cause: (n: number) => string;
  fixFirst: (hint: string) => string;
  lookFirst: string;
  failed: string;
}> = {
  'zh-CN': {
    cause: (n) => `${n} 条消息发送失败`,
    fixFirst: (hint) => `先处理原因，再重发：${hint}`,
    lookFirst: '查看错误后重发。',
    failed: '失败',
  },
  en: {
    cause: (n) => `${n} message${n === 1 ? '' : 's'} failed`,
    fixFirst: (hint) => `Fix the cause first, then resend: ${hint}`,
    lookFirst: 'Look at the error, then resend.',
    failed: 'failed',
  },
};

/**
 * Messages to the enterprise that gave up, not resent since: the cause first (the error table's
 * hint), then a resend of the latest. Card updates are left out: their response codes expire.
 */
export const messagesFailed: EnterpriseRule = (f) => {
  const w = wordsFor(WORDS, f.locale);
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
    return finding(
      {
        rule: 'messages_failed',
        key: `messages_failed:${suiteId}:${f.corpId}`,
        severity: 'warning',
        needsPerson: true,
        corpId: f.corpId,
        suiteId: suiteId || undefined,
        cause: w.cause(msgs.length),
        actor: 'support',
        nextStep:
          latest.lastErrcode !== undefined
            ? w.fixFirst(hintFor(latest.lastErrcode, latest.lastError, f.locale))
            : w.lookFirst,
        action: actions(f.locale).resend(latest.id),
        since: msgs.at(-1)!.updatedAt,
        evidence: msgs.slice(0, 5).map(describe(f.timeZone, w.failed)),
      },
      f.locale,
    );
  });
};

function describe(timeZone: string, failed: string) {
  return (m: OutboxMessage): string =>
    `${m.topic} → ${m.toUser ?? '—'}: ${m.lastError ?? failed}（${formatLocal(m.updatedAt, timeZone)}，id ${m.id}）`;
}
