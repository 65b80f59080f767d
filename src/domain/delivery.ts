import type { OutboxMessage } from './model';

/**
 * What WeCom does with a message to a member it cannot deliver to: the member is outside the
 * app's visible range, or has no interface licence (接口许可). WeCom answers errcode 0 with the
 * member in invaliduser / unlicenseduser, or 81013 when nobody at all could be reached; either way
 * the member got nothing, so the bot must not count the message as delivered.
 */
export const NOBODY_REACHABLE = 81013;
export const NOT_VISIBLE = 'recipient_not_visible';
export const UNLICENSED = 'recipient_unlicensed';
export type Unreached = typeof NOT_VISIBLE | typeof UNLICENSED;

/** The message was not delivered because nobody it was for can be reached. */
export function reachedNobody(m: Pick<OutboxMessage, 'status' | 'lastError' | 'lastErrcode'>): boolean {
  return (
    m.status === 'failed' &&
    (m.lastErrcode === NOBODY_REACHABLE || m.lastError === NOT_VISIBLE || m.lastError === UNLICENSED)
  );
}
