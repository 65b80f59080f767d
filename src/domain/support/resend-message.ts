import { ConflictError, NotFoundError } from '../../shared/errors';
import type { Stores } from '../ports/stores';
import { taskIdFor } from '../wecom-messages';
import type { OutboxMessage } from '../model';
import type { Outbox } from '../ports';
import { resendDedupeKey } from './resend-key';

export interface ResendDeps {
  stores: Stores;
  outbox: Outbox;
  now: Date;
  /** message/send's duplicate_check_interval: WeCom silently drops an identical message within it. */
  duplicateCheckIntervalSec: number;
}

/**
 * A new outbox message with the old one's payload under `${original}:resend:${n}`, so a second
 * press makes a second copy while the worker still sends each copy once. A card gets a fresh
 * task_id (WeCom refuses a task_id twice). Card updates are not resent: their response codes are
 * single use and expire after 72 h.
 */
export async function resendMessage(
  deps: ResendDeps,
  id: string,
): Promise<{ message: OutboxMessage; created: boolean }> {
  const original = await deps.stores.outbox.get(id);
  if (!original) throw new NotFoundError(`message ${id}`);
  if (original.channel === 'app_card_update') {
    throw new ConflictError('卡片更新不能重发（response_code 只能用一次） / a card update cannot be resent');
  }
  if (original.status === 'queued' || original.status === 'sending') {
    throw new ConflictError(`消息仍在发送队列中 / the message is still ${original.status}`);
  }
  const isCard = original.payload.msgtype === 'template_card';
  const sentAgo = original.sentAt ? deps.now.getTime() - original.sentAt.getTime() : Infinity;
  if (original.channel === 'app' && !isCard && sentAgo < deps.duplicateCheckIntervalSec * 1000) {
    throw new ConflictError(
      `消息已于 ${original.sentAt!.toISOString()} 发出，企业微信会丢弃 ${deps.duplicateCheckIntervalSec / 3600} 小时内的相同消息 / ` +
        `sent at ${original.sentAt!.toISOString()}: WeCom's duplicate check drops an identical copy within ${deps.duplicateCheckIntervalSec} s`,
    );
  }
  if (original.channel === 'app') {
    const auth = await deps.stores.authorizations.get(original.suiteId!, original.corpId!);
    if (auth?.state !== 'active') throw new ConflictError('企业已取消授权 / the authorization is cancelled');
  }
  let n = 1;
  while (await deps.stores.outbox.findByDedupeKey(resendDedupeKey(original.dedupeKey, n))) n += 1;
  const dedupeKey = resendDedupeKey(original.dedupeKey, n);
  return deps.outbox.enqueue({
    dedupeKey,
    channel: original.channel,
    topic: original.topic,
    payload: withFreshTaskId(original.payload, dedupeKey),
    ...(original.suiteId ? { suiteId: original.suiteId } : {}),
    ...(original.corpId ? { corpId: original.corpId } : {}),
    ...(original.toUser ? { toUser: original.toUser } : {}),
    ...(original.ref ? { ref: original.ref } : {}),
  });
}

function withFreshTaskId(payload: Record<string, unknown>, dedupeKey: string): Record<string, unknown> {
  const copy = structuredClone(payload);
  const card = copy.template_card as Record<string, unknown> | undefined;
  if (copy.msgtype === 'template_card' && card) card.task_id = taskIdFor(dedupeKey);
  return copy;
}
