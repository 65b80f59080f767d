import type { SupportAlert } from '../domain/ports';
import { corpOf } from '../events/dispatcher';
import type { WecomEvent } from '../events/types';

/** A callback failed every retry (WeCom or the store kept failing): a person has to look. */
export function eventGaveUpAlert(key: string, event: WecomEvent, error: string): SupportAlert {
  return {
    dedupeKey: `event-gave-up:${key}`,
    title: '回调事件多次处理失败 / A callback could not be handled',
    lines: [`事件 Event: ${event.kind} (${key})`, `最后错误 Last error: ${error}`],
    action: '查看日志 / check the logs',
    corpId: corpOf(event),
    suiteId: event.suiteId,
    severity: 'critical',
  };
}
