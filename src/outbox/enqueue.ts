import type { OutboxMessage } from '../domain/model';
import type { Outbox } from '../domain/ports';
import type { Clock } from '../shared/clock';
import { ValidationError } from '../shared/errors';
import type { NewOutboxMessage, OutboxStore } from '../domain/ports/stores';

/** message/send takes at most 1000 userids in touser; update_template_card at most 1000 userids. */
export const MAX_RECIPIENTS = 1000;

export interface OutboxOptions {
  store: OutboxStore;
  clock: Clock;
  /** Told about each newly written message (e.g. to nudge the worker instead of waiting for cron). */
  onEnqueued?: (message: OutboxMessage) => void;
}

/**
 * Writes what the bot will send; the worker sends it later. Once per dedupe key: a second enqueue
 * returns the first message. More than 1000 recipients is refused here rather than split: a split
 * send would have several response codes and delivery states under one dedupe key.
 */
export function createOutbox(opts: OutboxOptions): Outbox {
  return {
    async enqueue(msg: NewOutboxMessage) {
      const checked = check(msg);
      const result = await opts.store.enqueue(checked, opts.clock.now());
      if (result.created) opts.onEnqueued?.(result.message);
      return result;
    },
  };
}

function check(msg: NewOutboxMessage): NewOutboxMessage {
  if (!msg.dedupeKey)
    throw new ValidationError('dedupeKey', 'required', 'an outbox message needs a dedupe key');
  if (msg.channel === 'support') return msg;
  if (!msg.suiteId || !msg.corpId) {
    throw new ValidationError('corpId', 'required', `a ${msg.channel} message needs suiteId and corpId`);
  }
  if (msg.channel === 'app') {
    const users = recipients(msg.payload.touser);
    if (!users.length && !msg.payload.toparty && !msg.payload.totag) {
      throw new ValidationError('payload.touser', 'required', 'message/send needs touser, toparty or totag');
    }
    if (users.length > MAX_RECIPIENTS) {
      throw new ValidationError(
        'payload.touser',
        'max_recipients',
        `touser has ${users.length} members; WeCom takes at most ${MAX_RECIPIENTS} per message`,
      );
    }
    // One named member: remember who, so the worker can keep within that member's send budget.
    if (!msg.toUser && users.length === 1 && users[0] !== '@all') return { ...msg, toUser: users[0] };
    return msg;
  }
  const { response_code: code, responseCodeFrom: from, userids } = msg.payload;
  if (typeof code !== 'string' && typeof from !== 'string') {
    throw new ValidationError(
      'payload.response_code',
      'required',
      'a card update needs response_code or responseCodeFrom (the outbox id of the card)',
    );
  }
  if (Array.isArray(userids) && userids.length > MAX_RECIPIENTS) {
    throw new ValidationError('payload.userids', 'max_recipients', `at most ${MAX_RECIPIENTS} userids`);
  }
  return msg;
}

/** touser as WeCom takes it: "a|b|c" or "@all". */
export function recipients(touser: unknown): string[] {
  return typeof touser === 'string' ? touser.split('|').filter(Boolean) : [];
}
