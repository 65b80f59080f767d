import { createHash } from 'node:crypto';
import { minutesAfter, type Clock } from '../../shared/clock';
import { answerCard, replyTo, type CardClick } from '../card-answer';
import type { PermissionAnswer } from '../card-keys';
import { isActive, type ActiveEnterprise, type EnterpriseContext } from '../enterprise/context';
import type { AnswerChannel, PermissionRequest } from '../model';
import type { Outbox, SupportAlerts } from '../ports';
import type { Stores } from '../ports/stores';
import type { Catalogue } from './catalogue';
import { alertWords } from '../support/alert-words';
import { onePending } from './pending-card';
import type { PermissionOptions } from './permission-options';
import { formatTime, type PermissionTexts } from './permission-texts';
import { checkGrant, type GrantCheck } from './check-grant';
import type { CheckRequest } from './check-request';
import type { GrantRequest } from './grant-request';
import { CARD_UPDATE_TOPIC, cardsOf, closeCards, REPLY_TOPIC } from './request-cards';

export interface TextAnswer {
  fromUser: string;
  /** The text message's MsgId: a re-delivered message is answered once. */
  msgId?: string;
}

export interface AnswerRequestDeps {
  stores: Pick<Stores, 'permissionRequests' | 'apps' | 'outbox'>;
  outbox: Outbox;
  alerts: SupportAlerts;
  clock: Clock;
  catalogue: Catalogue;
  texts: PermissionTexts;
  config: Pick<PermissionOptions, 'maxReraises' | 'reraiseAfterMinutes' | 'effectRecheckMinutes'>;
  checkRequest: CheckRequest;
  grant: GrantRequest;
}

export interface AnswerRequest {
  onCardAction(
    answer: PermissionAnswer,
    requestId: string,
    click: CardClick,
    enterprise: EnterpriseContext,
  ): Promise<void>;
  onTextAnswer(answer: PermissionAnswer, text: TextAnswer, enterprise: EnterpriseContext): Promise<void>;
}

interface Answerer {
  by: string;
  via: AnswerChannel;
  /** Dedupe key of any reply to this answer: derived from the inbound message, so a retry replies once. */
  replyKey: string;
  /** Set for a card click: the clicker's card is updated with the click's own response code. */
  responseCode?: string;
}

/**
 * An admin's 同意 or 暂不授权, by a tap or a text reply: the first answer is recorded beside the
 * state, which stays WeCom's.
 */
export function createAnswerRequest(deps: AnswerRequestDeps): AnswerRequest {
  const { stores, clock, texts, config } = deps;
  const requests = stores.permissionRequests;

  /** A refusal or a notice that changes no card. */
  function reply(enterprise: EnterpriseContext, toUser: string, dedupeKey: string, text: string) {
    const { suiteId, corpId } = enterprise;
    return replyTo(deps.outbox, { suiteId, corpId, toUser, text, dedupeKey, topic: REPLY_TOPIC });
  }

  async function onCardAction(
    answer: PermissionAnswer,
    requestId: string,
    click: CardClick,
    enterprise: EnterpriseContext,
  ): Promise<void> {
    const { suiteId, corpId, log } = enterprise;
    const { fromUser, responseCode } = click;
    const replyKey = `perm:reply:${digest(responseCode)}`;
    const say = (text: string) => reply(enterprise, fromUser, replyKey, text);
    if (!isActive(enterprise)) {
      log.info({ suiteId, corpId, requestId }, 'answer on a cancelled authorization refused');
      return say(texts.in(enterprise.locale).cancelled);
    }
    const request = await requests.get(requestId);
    if (!request || request.suiteId !== suiteId || request.corpId !== corpId) {
      log.warn({ suiteId, corpId, requestId }, 'answer for an unknown request');
      return say(texts.in(enterprise.locale).notFound);
    }
    if (!(await mayAnswer(enterprise, request, fromUser))) return say(texts.in(enterprise.locale).notAdmin);
    await decide(request, answer, enterprise, { by: fromUser, via: 'button', replyKey, responseCode });
  }

  async function onTextAnswer(
    answer: PermissionAnswer,
    text: TextAnswer,
    enterprise: EnterpriseContext,
  ): Promise<void> {
    const { suiteId, corpId } = enterprise;
    const { fromUser } = text;
    // Without a MsgId the time keeps two answers apart; a retried delivery may then be answered twice.
    const replyKey = `perm:reply:${suiteId}:${corpId}:${text.msgId ?? `${fromUser}:${clock.now().getTime()}`}`;
    const say = (content: string) => reply(enterprise, fromUser, replyKey, content);
    const words = texts.in(enterprise.locale);
    if (!isActive(enterprise)) return say(words.cancelled);
    if (!enterprise.auth.admins.includes(fromUser)) return say(words.notAdmin);
    // Text names no request: it decides only when there is exactly one to decide.
    const { request: pending, count } = await onePending(requests, suiteId, corpId);
    if (count > 1) return say(words.manyPending(count));
    if (!pending) return say(words.noPending);
    await decide(pending, answer, enterprise, { by: fromUser, via: 'text', replyKey });
  }

  /** Admins of the app, or whoever the card was sent to (the admin list may have changed since). */
  async function mayAnswer(enterprise: ActiveEnterprise, request: PermissionRequest, userId: string) {
    if (enterprise.auth.admins.includes(userId)) return true;
    return (await cardsOf(stores, request.id)).some((c) => c.toUser === userId);
  }

  async function decide(
    request: PermissionRequest,
    answer: PermissionAnswer,
    enterprise: ActiveEnterprise,
    who: Answerer,
  ): Promise<void> {
    const now = clock.now();
    const record = {
      answer: answer === 'approve' ? 'approve' : 'not_now',
      by: who.by,
      at: now,
      via: who.via,
    } as const;
    // The check made right away is backed up by a scheduled one, should it fail or the process stop.
    const next = record.answer === 'approve' ? minutesAfter(now, config.effectRecheckMinutes) : undefined;
    const { answered, request: after } = await requests.answer(request.id, record, next);
    if (!after) return reply(enterprise, who.by, who.replyKey, texts.in(enterprise.locale).notFound);
    // The same answer from the same person again is a retried delivery after a crash: finish the work.
    const replay =
      !answered &&
      after.answer?.answer === record.answer &&
      after.answer.by === who.by &&
      after.answer.via === who.via;
    if (!answered && !replay) {
      const at = after.answer ? formatTime(after.answer.at, enterprise.timeZone) : '—';
      return reply(enterprise, who.by, who.replyKey, texts.in(enterprise.locale).alreadyAnswered(after, at));
    }
    enterprise.log.info(
      { requestId: after.id, corpId: after.corpId, answer: record.answer, via: who.via, replay },
      'answered',
    );
    if (record.answer === 'approve') await approved(after, enterprise, who);
    else await notNow(after, enterprise, who);
  }

  /**
   * An approve answer is the admin's intent: only the tapped card changes (the others keep their
   * response codes for 已生效), the admin hears where to confirm, support is told, WeCom is asked.
   */
  async function approved(request: PermissionRequest, enterprise: ActiveEnterprise, who: Answerer) {
    const { suiteId, corpId } = request;
    await answerCard(deps.outbox, {
      suiteId,
      corpId,
      topic: CARD_UPDATE_TOPIC,
      ref: request.id,
      label: texts.in(enterprise.locale).cardLabel(request),
      clicker: who.responseCode
        ? { userId: who.by, responseCode: who.responseCode, dedupeKey: `perm:${request.id}:answer:${who.by}` }
        : undefined,
      cards: [],
      updateKeyOf: () => '',
      reply: {
        toUser: who.by,
        text: texts.in(enterprise.locale).approved(request),
        dedupeKey: `perm:${request.id}:confirm`,
        topic: REPLY_TOPIC,
      },
    });
    const { locale } = deps.alerts;
    const w = alertWords(locale);
    await deps.alerts.alert({
      dedupeKey: `perm:${request.id}:approved`,
      title: w.approved.title,
      lines: [
        w.line.requested(texts.in(locale).names(request.requested)),
        w.line.by(who.by, w.line.via[who.via]),
        w.approved.note,
      ],
      corpId,
      corpName: enterprise.auth.corpName,
      suiteId: request.suiteId,
      severity: 'info',
    });
    if (request.checkedAt) return;
    try {
      await deps.checkRequest(request, enterprise, (patch, at, entry) =>
        requests.update(request.id, patch, at, entry),
      );
    } catch (err) {
      enterprise.log.warn(
        { err, requestId: request.id },
        'WeCom check failed; the scheduled check will retry',
      );
    }
  }

  /** A not-now: WeCom is asked first; declined only if it does not show the permissions granted. */
  async function notNow(request: PermissionRequest, enterprise: ActiveEnterprise, who: Answerer) {
    let found: GrantCheck | undefined;
    try {
      found = await checkGrant(enterprise.wecom, deps.catalogue, request.requested);
    } catch (err) {
      enterprise.log.warn({ err, requestId: request.id }, 'WeCom check failed; recorded as declined');
    }
    if (found?.outcome === 'granted') {
      await deps.grant(request, enterprise, found.evidence);
      return;
    }
    const now = clock.now();
    const { request: after } = await requests.settle(request.id, {
      to: 'declined',
      from: ['pending'],
      at: now,
      nextActionAt:
        request.raisedCount <= config.maxReraises ? minutesAfter(now, config.reraiseAfterMinutes) : undefined,
      entry: { at: now, what: 'declined', by: who.by, detail: found ? found.outcome : 'not checked' },
    });
    if (after?.state !== 'declined') return;
    await closeCards(deps, after, 'outcome', enterprise.locale, {
      clicker: who.responseCode ? { userId: who.by, responseCode: who.responseCode } : undefined,
      // A tap already shows the not-now on the card, a text does not.
      reply:
        who.via === 'text'
          ? {
              toUser: who.by,
              text: texts.in(enterprise.locale).declined(after),
              dedupeKey: `perm:${after.id}:confirm`,
            }
          : undefined,
    });
    await alertDeclined(after, enterprise);
  }

  async function alertDeclined(request: PermissionRequest, enterprise: ActiveEnterprise): Promise<void> {
    const next = request.nextActionAt;
    const { locale } = deps.alerts;
    const w = alertWords(locale);
    const names = texts.in(locale).names;
    await deps.alerts.alert({
      dedupeKey: `perm:${request.id}:declined`,
      title: w.declined.title,
      lines: [
        w.line.requested(names(request.requested)),
        w.declined.kept(names(request.previous)),
        w.line.by(request.answer?.by ?? '—', request.answer ? w.line.via[request.answer.via] : '—'),
        next
          ? w.declined.askAgain(formatTime(next, enterprise.timeZone), enterprise.timeZone)
          : w.declined.noMore(request.raisedCount),
      ],
      corpId: request.corpId,
      corpName: enterprise.auth.corpName,
      suiteId: request.suiteId,
      severity: 'warning',
    });
  }

  return { onCardAction, onTextAnswer };
}

/** Response codes are credentials for 72 h: dedupe keys carry a digest, never the code. */
function digest(s: string): string {
  return createHash('sha256').update(s).digest('hex').slice(0, 32);
}
