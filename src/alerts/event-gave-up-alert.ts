import type { SupportAlert } from '../domain/ports';
import { alertWords } from '../domain/support/alert-words';
import { corpOf } from '../events/dispatcher';
import type { WecomEvent } from '../events/types';
import type { Locale } from '../shared/locale';

/** A callback failed every retry (WeCom or the store kept failing): a person has to look. */
export function eventGaveUpAlert(
  key: string,
  event: WecomEvent,
  error: string,
  locale: Locale,
): SupportAlert {
  const w = alertWords(locale);
  return {
    dedupeKey: `event-gave-up:${key}`,
    title: w.eventGaveUp.title,
    lines: [w.eventGaveUp.event(event.kind, key), w.line.lastError(error)],
    action: w.checkLogs,
    corpId: corpOf(event),
    suiteId: event.suiteId,
    severity: 'critical',
  };
}
