import type { OutboxMessage } from '../domain/model';
import type { SupportAlerts } from '../domain/ports';
import type { Clock } from '../shared/clock';
import { HOUR, MINUTE } from '../shared/clock';
import type { Logger } from '../shared/logger';
import type { OutboxStore } from '../domain/ports/stores';
import { NO_ERRCODE, WecomApiError } from '../domain/ports/wecom-errors';
import type { CorpApi, WecomClient } from '../domain/ports/wecom';
import { fullJitter } from '../shared/backoff';
import { createMemberBudget } from './member-budget';
import { NOT_VISIBLE, UNLICENSED, type Unreached } from '../domain/delivery';
import { hintFor } from '../domain/ports/wecom-errors';
import { alertWords } from '../domain/support/alert-words';
import type { SendResult } from '../domain/ports/wecom';

/** Whether WeCom skipped this member: outside the visible range first, then without a licence. */
function unreachedAs(sent: SendResult, toUser: string): Unreached | undefined {
  if (sent.invalidUsers.includes(toUser)) return NOT_VISIBLE;
  if (sent.unlicensedUsers.includes(toUser)) return UNLICENSED;
  return undefined;
}

export interface OutboxTickResult {
  sent: number;
  /** Failed this time, tried again later; the attempt counted. */
  retried: number;
  failed: number;
  /** Put off without counting an attempt: member budget, rate limit, paused enterprise, card not sent yet. */
  deferred: number;
}

export interface OutboxWorker {
  tick(): Promise<OutboxTickResult>;
}

export interface OutboxWorkerOptions {
  store: OutboxStore;
  /** The support group robot's webhook. */
  wecom: Pick<WecomClient, 'sendWebhook'>;
  /**
   * WeCom as one enterprise's app, read once per enterprise and batch; `stopped` when nothing more
   * may go to it (authorization cancelled).
   */
  enterprise(suiteId: string, corpId: string): Promise<{ stopped: boolean; wecom: CorpApi }>;
  clock: Clock;
  logger: Logger;
  /** Lease owner: unique per instance. */
  owner: string;
  /** Longer than a batch takes to send, or another instance re-sends (the duplicate check absorbs it). */
  leaseMs?: number;
  /** How far into its lease a batch still starts a send (half of it by default); the rest goes back unsent. */
  sendWindowMs?: number;
  batchSize?: number;
  /** Enterprises whose messages of one batch are sent at the same time; each one's in order. */
  concurrency?: number;
  maxAttempts?: number;
  /** Retry delay: full jitter (shared/backoff.ts). */
  backoff?: { baseMs?: number; capMs?: number };
  /** [0, 1) for the jitter; injected so tests are deterministic. */
  random?: () => number;
  /** Per member, under WeCom's 30/min and 1000/hour: beyond those it drops messages without an error. */
  memberBudget?: { perMinute: number; perHour: number };
  alerts: SupportAlerts;
  supportWebhookUrl?: string;
  /** How long a 45009/45033 holds the enterprise back; WeCom blocks for at least 60 s. */
  rateLimitPauseMs?: number;
}

type Outcome = keyof OutboxTickResult;

/** A response_code is valid 72 h after the card was sent (api-notes §4.9). */
const RESPONSE_CODE_TTL_MS = 72 * HOUR;
/** How soon a card update waiting for its card looks again. */
const CARD_WAIT_MS = 30_000;
const SUPPORT_PAUSE_KEY = '<support>';

/** Who a message is held back and sent in order with: its enterprise, or the support robot. */
const laneOf = (m: OutboxMessage): string => (m.channel === 'support' ? SUPPORT_PAUSE_KEY : (m.corpId ?? ''));

/**
 * Sends what the outbox holds: claims due messages under a lease, sends each through the WeCom
 * client, and records the outcome. Never sends twice on its own (lease + dedupe key), and a crash
 * between the send and the sent-mark is absorbed by message/send's duplicate check.
 */
export function createOutboxWorker(opts: OutboxWorkerOptions): OutboxWorker {
  const { store, wecom, clock, alerts, owner } = opts;
  const log = opts.logger.child({ name: 'outbox' });
  const leaseMs = opts.leaseMs ?? 60_000;
  const sendWindowMs = opts.sendWindowMs ?? leaseMs / 2;
  const batchSize = opts.batchSize ?? 50;
  const concurrency = opts.concurrency ?? 8;
  const maxAttempts = opts.maxAttempts ?? 6;
  const backoffBaseMs = opts.backoff?.baseMs ?? 30_000;
  const backoffCapMs = opts.backoff?.capMs ?? 30 * MINUTE;
  const random = opts.random ?? Math.random;
  const budget = opts.memberBudget ?? { perMinute: 25, perHour: 900 };
  const rateLimitPauseMs = opts.rateLimitPauseMs ?? MINUTE;

  /** Enterprises (or the support robot) held back after a rate limit, until the time given. */
  const pausedUntil = new Map<string, number>();
  const members = createMemberBudget(budget);

  const defer = async (
    m: OutboxMessage,
    until: number,
    reason: string,
    errcode?: number,
  ): Promise<Outcome> => {
    const ok = await store.markRetry(
      m.id,
      owner,
      { error: reason, errcode, notBefore: new Date(until), countAttempt: false },
      clock.now(),
    );
    if (!ok) log.warn({ id: m.id }, 'outbox lease lost before deferring');
    return 'deferred';
  };

  const fail = async (m: OutboxMessage, error: string, errcode?: number): Promise<Outcome> => {
    const ok = await store.markFailed(m.id, owner, { error, errcode }, clock.now());
    if (!ok) log.warn({ id: m.id }, 'outbox lease lost before marking failed');
    return 'failed';
  };

  /**
   * WeCom accepted the call but skipped the member (errcode 0 with invaliduser / unlicenseduser):
   * nothing was delivered, so the message failed; support hears once per enterprise and cause.
   */
  const notDelivered = async (m: OutboxMessage, why: Unreached): Promise<Outcome> => {
    log.warn(
      { id: m.id, corpId: m.corpId, topic: m.topic, why },
      'message not delivered: recipient unreachable',
    );
    await fail(m, why);
    const w = alertWords(alerts.locale);
    await raise({
      dedupeKey: `unreached:${why}:${m.suiteId ?? '-'}:${m.corpId ?? '-'}`,
      title: w.unreached.title[why],
      lines: [w.unreached.member(m.toUser ?? '—'), w.line.about(m.topic)],
      action: w.unreached.fix[why],
      corpId: m.corpId,
      suiteId: m.suiteId,
      severity: 'warning',
    });
    return 'failed';
  };

  const raise = async (alert: Parameters<SupportAlerts['alert']>[0]): Promise<void> => {
    try {
      await alerts.alert(alert);
    } catch (err) {
      log.error({ err, dedupeKey: alert.dedupeKey }, 'support alert could not be written');
    }
  };

  /** The update_template_card body with its response_code, or why it cannot be sent (yet). */
  const resolveCardUpdate = async (
    m: OutboxMessage,
  ): Promise<{ body: Record<string, unknown> } | { defer: number } | { fail: string }> => {
    const { responseCodeFrom, ...rest } = m.payload;
    if (typeof responseCodeFrom !== 'string') return { body: m.payload };
    const card = await store.get(responseCodeFrom);
    const now = clock.now().getTime();
    if (!card) return { fail: 'card_missing' };
    switch (card.status) {
      case 'queued':
      case 'sending':
        return { defer: Math.max(now + CARD_WAIT_MS, card.notBefore.getTime()) };
      case 'failed':
        return { fail: 'card_failed' };
      case 'cancelled':
        return { fail: 'card_cancelled' };
      case 'sent':
        if (!card.responseCode) return { fail: 'card_has_no_response_code' };
        // WeCom would answer 60140; nothing a person needs to hear about.
        if (card.sentAt && card.sentAt.getTime() + RESPONSE_CODE_TTL_MS <= now)
          return { fail: 'response_code_expired' };
        return { body: { ...rest, response_code: card.responseCode } };
    }
  };

  type Enterprises = Map<string, ReturnType<OutboxWorkerOptions['enterprise']>>;

  const send = async (m: OutboxMessage, enterprises: Enterprises): Promise<Outcome> => {
    const now = clock.now().getTime();
    let corp: CorpApi | undefined;
    if (m.channel !== 'support' && m.suiteId && m.corpId) {
      const key = `${m.suiteId}:${m.corpId}`;
      let found = enterprises.get(key);
      if (!found) enterprises.set(key, (found = opts.enterprise(m.suiteId, m.corpId)));
      const { stopped, wecom: api } = await found;
      if (stopped) {
        log.info({ id: m.id, corpId: m.corpId }, 'outbox message dropped: enterprise stopped');
        return fail(m, 'corp_stopped');
      }
      corp = api;
    }
    const paused = pausedUntil.get(laneOf(m));
    if (paused !== undefined && paused > now) return defer(m, paused, 'rate_limit_hold');

    let result: { responseCode?: string; msgId?: string } = {};
    switch (m.channel) {
      case 'app': {
        if (!corp) return fail(m, 'missing_corp');
        const keys = members.keysOf(m);
        const freesAt = members.freesAt(keys, now);
        if (freesAt !== undefined) return defer(m, freesAt, 'member_budget');
        const sent = await corp.sendMessage(m.payload);
        members.spend(keys, clock.now().getTime());
        const unreached = m.toUser && unreachedAs(sent, m.toUser);
        if (unreached) return notDelivered(m, unreached);
        result = { responseCode: sent.responseCode, msgId: sent.msgId };
        break;
      }
      case 'app_card_update': {
        if (!corp) return fail(m, 'missing_corp');
        const resolved = await resolveCardUpdate(m);
        if ('defer' in resolved) return defer(m, resolved.defer, 'card_not_sent_yet');
        if ('fail' in resolved) return fail(m, resolved.fail);
        await corp.updateTemplateCard(resolved.body);
        break;
      }
      case 'support':
        if (!opts.supportWebhookUrl) {
          log.warn(
            { id: m.id, dedupeKey: m.dedupeKey },
            'support alert not sent: no supportWebhookUrl configured',
          );
          return fail(m, 'no_support_webhook');
        }
        await wecom.sendWebhook(opts.supportWebhookUrl, m.payload);
        break;
    }
    const ok = await store.markSent(m.id, owner, result, clock.now());
    // Sent but not marked: another instance took over; the duplicate check keeps its resend silent.
    if (!ok) log.warn({ id: m.id }, 'outbox lease lost after sending');
    return 'sent';
  };

  const onError = async (m: OutboxMessage, err: unknown): Promise<Outcome> => {
    const now = clock.now();
    const api = err instanceof WecomApiError ? err : undefined;
    const errcode = api && api.errcode !== NO_ERRCODE ? api.errcode : undefined;
    const error = api ? `${api.api}: ${api.errmsg}` : err instanceof Error ? err.message : String(err);
    const fields = { id: m.id, channel: m.channel, corpId: m.corpId, topic: m.topic, errcode, error };

    if (api?.disposition === 'rate_limited') {
      const until = now.getTime() + rateLimitPauseMs;
      pausedUntil.set(laneOf(m), until);
      log.warn(fields, 'rate limited; holding the enterprise back');
      return defer(m, until, error, errcode);
    }

    // The client has already told support (onPermanentError); the support robot cannot carry news
    // of its own failure, the log has it.
    if (api?.disposition === 'permanent') {
      log.error(fields, 'outbox message failed for good');
      return fail(m, error, errcode);
    }

    const attempts = m.attempts + 1;
    if (attempts >= maxAttempts) {
      log.error({ ...fields, attempts }, 'outbox message gave up after retries');
      await fail(m, error, errcode);
      if (m.channel !== 'support') {
        const w = alertWords(alerts.locale);
        await raise({
          dedupeKey: `outbox-gave-up:${m.suiteId ?? '-'}:${m.corpId ?? '-'}:${errcode ?? 'error'}:${now.toISOString().slice(0, 10)}`,
          title: w.gaveUp.title,
          lines: [w.line.about(`${m.topic} (${m.id})`), w.gaveUp.attempts(attempts), w.line.lastError(error)],
          action: api ? hintFor(api.errcode, api.errmsg, alerts.locale) : w.checkLogs,
          corpId: m.corpId,
          suiteId: m.suiteId,
          severity: 'warning',
        });
      }
      return 'failed';
    }

    const delay = fullJitter(attempts, { baseMs: backoffBaseMs, capMs: backoffCapMs }, random);
    log.warn({ ...fields, attempts, delay }, 'outbox send failed; will retry');
    const ok = await store.markRetry(
      m.id,
      owner,
      { error, errcode, notBefore: new Date(now.getTime() + delay), countAttempt: true },
      now,
    );
    if (!ok) log.warn({ id: m.id }, 'outbox lease lost before retry');
    return 'retried';
  };

  /** One message: its outcome, or none when the store failed while recording it. */
  const deliver = async (m: OutboxMessage, enterprises: Enterprises, claimedAt: number) => {
    try {
      // A slow WeCom must not keep claimed messages waiting past their lease: another instance
      // would send them too. What this batch cannot start in time goes back, no attempt counted.
      const now = clock.now().getTime();
      if (now - claimedAt >= sendWindowMs) return await defer(m, now, 'lease_ending');
      try {
        return await send(m, enterprises);
      } catch (err) {
        return await onError(m, err);
      }
    } catch (err) {
      // The store failed while recording: the lease runs out and the message is claimed again.
      log.error({ id: m.id, err }, 'outbox outcome not recorded');
      return undefined;
    }
  };

  return {
    async tick() {
      const result: OutboxTickResult = { sent: 0, retried: 0, failed: 0, deferred: 0 };
      const claimedAt = clock.now();
      const claimed = await store.claimDue({ owner, now: claimedAt, leaseMs, limit: batchSize });
      // One lane per enterprise, in claim order: a rate limit seen on one message holds that
      // enterprise's next ones in this batch, and a card's update follows the card. Lanes of
      // different enterprises run side by side, so one slow enterprise does not hold up the rest.
      const lanes = new Map<string, OutboxMessage[]>();
      for (const m of claimed) {
        const lane = lanes.get(laneOf(m));
        if (lane) lane.push(m);
        else lanes.set(laneOf(m), [m]);
      }
      const queue = [...lanes.values()];
      const enterprises: Enterprises = new Map();
      const runLanes = async (): Promise<void> => {
        for (let lane = queue.shift(); lane; lane = queue.shift()) {
          for (const m of lane) {
            const outcome: Outcome | undefined = await deliver(m, enterprises, claimedAt.getTime());
            if (outcome) result[outcome] += 1;
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, runLanes));
      return result;
    },
  };
}
