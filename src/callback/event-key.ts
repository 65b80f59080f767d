import { createHash } from 'node:crypto';
import type { WecomEvent } from '../events/types';

/**
 * The identity used to drop WeCom's retries: a retry gives the same key, two distinct events
 * never do. WeCom documents no dedupe key (api-notes §1.7), so it is built from what makes each
 * kind unique. Keys are logged and indexed, so credentials in them (auth codes, suite tickets,
 * response codes) appear only as digests.
 */
export function eventKey(event: WecomEvent): string {
  const parts = [event.source, event.suiteId, event.kind, ...identity(event)];
  // Encoding each part keeps ':' inside a value from making two part lists read the same.
  return parts.map(encodeURIComponent).join(':');
}

function identity(event: WecomEvent): string[] {
  switch (event.kind) {
    case 'suite_ticket':
      return [String(event.timestamp), digest(event.suiteTicket)];
    case 'create_auth':
      return [String(event.timestamp), digest(event.authCode), event.state ?? ''];
    case 'change_auth':
      return [String(event.timestamp), event.authCorpId, event.state ?? '', event.extraInfo ?? ''];
    case 'cancel_auth':
      return [String(event.timestamp), event.authCorpId];
    case 'reset_permanent_code':
      return [String(event.timestamp), event.authCorpId ?? '', digest(event.authCode)];
    case 'change_app_admin':
      return [event.corpId, String(event.agentId), String(event.createTime)];
    case 'text':
    case 'image':
    case 'voice':
    case 'video':
    case 'location':
    case 'link':
      return [event.corpId, event.msgId];
    case 'template_card_event':
      return [
        event.corpId,
        event.fromUser,
        event.taskId,
        event.eventKey,
        digest(event.responseCode),
        String(event.createTime),
      ];
    case 'enter_agent':
      return [event.corpId, String(event.agentId), event.fromUser, String(event.createTime), event.eventKey];
    case 'unknown':
      // `raw` is the whole decrypted document, so its digest identifies the plaintext.
      return [digest(canonicalJson(event.raw))];
  }
}

function digest(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** JSON with keys sorted at every depth, so equal documents hash equally. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}
