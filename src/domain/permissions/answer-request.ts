import { createHash } from 'node:crypto';
import { minutesAfter, type Clock } from '../../shared/clock';
import { replyTo, type CardClick } from '../card-answer';
import type { PermissionAnswer } from '../card-keys';
import { isActive, type ActiveEnterprise, type EnterpriseContext } from '../enterprise/context';
import type { DecisionChannel, PermissionRequest } from '../model';
import type { Outbox, SupportAlerts } from '../ports';
import type { Stores } from '../ports/stores';
import type { Catalogue } from './catalogue';
import { manyPendingText, onePending } from './pending-card';
import type { PermissionOptions } from './permission-options';
import { formatTime, type PermissionTexts } from './permission-texts';
import { probesFor } from './probe-effect';
import { cardsOf, closeCards, REPLY_TOPIC } from './request-cards';
import type { VerifyEffect } from './verify-effect';

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
  verifyEffect: VerifyEffect;
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
  via: DecisionChannel;
  /** Dedupe key of any reply to this answer: derived from the inbound message, so a retry replies once. */
  replyKey: string;
  /** Set for a card click: the clicker's card is updated with the click's own response code. */
  responseCode?: string;
}

/** An admin's 同意 or 暂不授权, by a tap or a text reply: the first answer decides. */
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
      return say(texts.cancelled);
    }
    const request = await requests.get(requestId);
    if (!request || request.suiteId !== suiteId || request.corpId !== corpId) {
      log.warn({ suiteId, corpId, requestId }, 'answer for an unknown request');
      return say(texts.notFound);
    }
    if (!(await mayAnswer(enterprise, request, fromUser))) return say(texts.notAdmin);
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
    if (!isActive(enterprise)) return say(texts.cancelled);
    if (!enterprise.auth.admins.includes(fromUser)) return say(texts.notAdmin);
    // Text names no request: it decides only when there is exactly one to decide.
    const { request: pending, count } = await onePending(requests, suiteId, corpId);
    if (count > 1) return say(manyPendingText(count));
    if (!pending) return say(texts.noPending);
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
    const state = answer === 'approve' ? 'approved' : 'declined';
    const { decided, request: after } = await requests.decide(request.id, {
      state,
      by: who.by,
      via: who.via,
      at: now,
      nextActionAt: followUpAt(request, state, now),
    });
    if (!after) return reply(enterprise, who.by, who.replyKey, texts.notFound);
    // The same answer from the same person again is a retried delivery after a crash: finish the work.
    const replay =
      !decided && after.state === state && after.decidedBy === who.by && after.decidedVia === who.via;
    if (!decided && !replay) {
      const at = after.decidedAt ? formatTime(after.decidedAt, enterprise.timeZone) : '—';
      return reply(enterprise, who.by, who.replyKey, texts.alreadyDecided(after, at));
    }
    enterprise.log.info(
      { requestId: after.id, corpId: after.corpId, state, via: who.via, replay },
      'answered',
    );
    await applyOutcome(after, enterprise, who);
  }

  /** A not-now is raised again after the wait (up to maxReraises); an approval is verified by a probe. */
  function followUpAt(request: PermissionRequest, state: 'approved' | 'declined', now: Date) {
    if (state === 'declined') {
      return request.raisedCount <= config.maxReraises
        ? minutesAfter(now, config.reraiseAfterMinutes)
        : undefined;
    }
    // The re-check backs up the check made right away, should that one fail or the process stop.
    return probesFor(deps.catalogue, request.requested).length > 0
      ? minutesAfter(now, config.effectRecheckMinutes)
      : undefined;
  }

  /** Everything after the decision; each step is idempotent so a replay repeats nothing. */
  async function applyOutcome(request: PermissionRequest, enterprise: ActiveEnterprise, who: Answerer) {
    const approved = request.state === 'approved';
    if (approved) await makeEffective(request, enterprise);
    const text = confirmation(request, who.via);
    await closeCards(deps, request, 'outcome', {
      clicker: who.responseCode ? { userId: who.by, responseCode: who.responseCode } : undefined,
      reply:
        text === undefined ? undefined : { toUser: who.by, text, dedupeKey: `perm:${request.id}:confirm` },
    });
    if (!approved) return alertDeclined(request, enterprise);
    if (request.effect === 'unverified' && !request.effectCheckedAt && request.nextActionAt) {
      try {
        await deps.verifyEffect(request, enterprise, (patch, at, entry) =>
          requests.update(request.id, patch, at, entry),
        );
      } catch (err) {
        enterprise.log.warn(
          { err, requestId: request.id },
          'effect check failed; the scheduled re-check will retry',
        );
      }
    }
  }

  /** The line back to whoever answered: a tap already shows a not-now on the card, a text does not. */
  function confirmation(request: PermissionRequest, via: DecisionChannel): string | undefined {
    if (request.state === 'approved') return texts.approved(request);
    return via === 'text' ? texts.declined(request) : undefined;
  }

  async function makeEffective(request: PermissionRequest, enterprise: EnterpriseContext): Promise<void> {
    // A replay must not undo a newer approval.
    const approved = await requests.list({
      suiteId: request.suiteId,
      corpId: request.corpId,
      state: 'approved',
    });
    if (approved.some((r) => r.createdAt.getTime() > request.createdAt.getTime())) return;
    const patch = { effectivePermissions: request.requested };
    const app = await stores.apps.update(request.suiteId, request.corpId, patch, clock.now());
    if (!app)
      enterprise.log.warn(
        { requestId: request.id, corpId: request.corpId },
        'approved for an app that is gone',
      );
  }

  async function alertDeclined(request: PermissionRequest, enterprise: ActiveEnterprise): Promise<void> {
    const next = request.nextActionAt;
    await deps.alerts.alert({
      dedupeKey: `perm:${request.id}:declined`,
      title: `暂不授权 / Permissions declined: ${enterprise.auth.corpName}`,
      lines: [
        `企业 / corp: ${request.corpId}`,
        `模版 / template: ${request.suiteId}`,
        `申请 / requested: ${texts.names(request.requested)}`,
        `保持 / kept: ${texts.names(request.previous)}`,
        `答复 / by: ${request.decidedBy ?? '—'} (${request.decidedVia ?? '—'})`,
        next
          ? `将于 ${formatTime(next, enterprise.timeZone)} 再次询问 / asking again at ${next.toISOString()}`
          : `已询问 ${request.raisedCount} 次，不再自动询问 / asked ${request.raisedCount} times, no more follow-ups`,
      ],
      corpId: request.corpId,
      severity: 'warning',
    });
  }

  return { onCardAction, onTextAnswer };
}

/** Response codes are credentials for 72 h: dedupe keys carry a digest, never the code. */
function digest(s: string): string {
  return createHash('sha256').update(s).digest('hex').slice(0, 32);
}
