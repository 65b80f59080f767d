import { createHash, randomUUID } from 'node:crypto';
import { MINUTE, type Clock } from '../../shared/clock';
import { ConflictError, NotFoundError, ValidationError } from '../../shared/errors';
import type { Logger } from '../../shared/logger';
import type { PermissionRequestPatch, Stores } from '../ports/stores';
import { replaceButtons, textMessage } from '../wecom-messages';
import type { EnterpriseContext, EnterpriseContexts } from '../enterprise/context';
import type { CardClick } from '../card-answer';
import type {
  Authorization,
  DecisionChannel,
  HistoryEntry,
  PermissionRequest,
  PermissionRequestState,
} from '../model';
import { notifyAdmins } from '../notify-admins';
import type { Outbox, SupportAlerts } from '../ports';
import { resolvePermissions, type Catalogue } from './catalogue';
import { permissionCard } from './permission-card';
import type { PermissionOptions } from './permission-options';
import type { PermissionAnswer } from '../card-keys';
import { formatTime, permissionTexts } from './permission-texts';
import { probeEffect, probesFor } from './probe-effect';
import { STATE_LABELS, stateLabel } from './state-label';

export interface PermissionServiceDeps {
  stores: Stores;
  contexts: EnterpriseContexts;
  outbox: Outbox;
  alerts: SupportAlerts;
  clock: Clock;
  logger: Logger;
  catalogue: Catalogue;
  config: PermissionOptions;
}

export interface TextAnswer {
  fromUser: string;
  /** The text message's MsgId: a re-delivered message is answered once. */
  msgId?: string;
}

export interface TickResult {
  raisedAgain: number;
  checked: number;
  stopped: number;
}

export interface PermissionService {
  readonly catalogue: Catalogue;
  file(suiteId: string, corpId: string, permissions: unknown, filedBy: string): Promise<PermissionRequest>;
  onCardAction(
    action: PermissionAnswer,
    requestId: string,
    click: CardClick,
    enterprise: EnterpriseContext,
  ): Promise<void>;
  onTextAnswer(answer: PermissionAnswer, text: TextAnswer, enterprise: EnterpriseContext): Promise<void>;
  tick(owner: string, limit?: number): Promise<TickResult>;
  list(filter?: { suiteId?: string; corpId?: string; state?: string }): Promise<PermissionRequest[]>;
  get(id: string): Promise<PermissionRequest>;
  describe(suiteId: string, corpId: string): Promise<string[]>;
  stateLabel(request: Pick<PermissionRequest, 'state' | 'effect'>): string;
}

export const PERMISSION_CARD_TOPIC = 'permission_card';
const CARD_UPDATE_TOPIC = 'permission_card_update';
const REPLY_TOPIC = 'permission_reply';
const STATES: readonly PermissionRequestState[] = ['pending', 'approved', 'declined', 'superseded'];
const LEASE_MS = 5 * MINUTE;

interface Answerer {
  by: string;
  via: DecisionChannel;
  /** Dedupe key of any reply to this answer: derived from the inbound message, so a retry replies once. */
  replyKey: string;
  /** Set for a card click: the clicker's card is updated with the click's own response code. */
  responseCode?: string;
}

/**
 * Custom-permission change requests (自定义权限): filed by support staff, put to the app's admins on a
 * card, answered by a tap or a text reply (the first answer decides), raised again after a not-now,
 * and verified after an approval with a harmless call that needs the permission.
 */
export function createPermissionService(deps: PermissionServiceDeps): PermissionService {
  const { stores, outbox, alerts, clock, catalogue, config } = deps;
  const requests = stores.permissionRequests;
  const log = deps.logger.child({ name: 'permissions' });
  const texts = permissionTexts(catalogue);

  async function file(
    suiteId: string,
    corpId: string,
    permissions: unknown,
    filedBy: string,
  ): Promise<PermissionRequest> {
    const requested = resolvePermissions(catalogue, permissions);
    if (typeof filedBy !== 'string' || !filedBy.trim()) {
      throw new ValidationError('filedBy', 'required', 'filedBy: who files the request');
    }
    const [auth, app] = await Promise.all([
      stores.authorizations.get(suiteId, corpId),
      stores.apps.get(suiteId, corpId),
    ]);
    if (!auth || !app) throw new NotFoundError(`app ${suiteId}/${corpId}`);
    if (auth.state !== 'active') throw new ConflictError('the authorization is cancelled');
    const now = clock.now();
    const { request, superseded } = await requests.file({
      id: randomUUID(),
      suiteId,
      corpId,
      requested,
      previous: app.effectivePermissions,
      filedBy: filedBy.trim(),
      raisedCount: 1,
      effect: 'unverified',
      history: [],
      createdAt: now,
    });
    // Each save in the provider console is a new push: the older card must not be answered any more.
    if (superseded) await greyOutCards(superseded, 'superseded');
    await sendCards(request, auth, app.name);
    log.info({ suiteId, corpId, requestId: request.id, requested, superseded: superseded?.id }, 'filed');
    return request;
  }

  async function sendCards(request: PermissionRequest, auth: Authorization, appName: string): Promise<void> {
    if (auth.admins.length === 0) {
      await alerts.alert({
        dedupeKey: `perm:${request.id}:no-admins`,
        title: `权限申请无人可问 / No admin to ask: ${auth.corpName}`,
        lines: [
          `企业 / corp: ${auth.corpId}`,
          `申请 / requested: ${texts.names(request.requested)}`,
          '没有已知的应用管理员，卡片未发送。 No app admin is known, so no card was sent.',
        ],
        corpId: auth.corpId,
        severity: 'warning',
      });
      return;
    }
    const dedupeBase = `perm:${request.id}:card:${request.raisedCount}`;
    await notifyAdmins(outbox, {
      suiteId: request.suiteId,
      corpId: request.corpId,
      admins: auth.admins,
      topic: PERMISSION_CARD_TOPIC,
      ref: request.id,
      dedupeBase,
      build: (admin) =>
        permissionCard({ toUser: admin, request, appName, catalogue, dedupeKey: `${dedupeBase}:${admin}` }),
    });
  }

  /** Replaces the buttons on every card of the request (for each admin it went to) with the outcome. */
  async function greyOutCards(
    request: PermissionRequest,
    why: 'outcome' | 'superseded',
    clicker?: { userId: string; responseCode: string },
  ): Promise<void> {
    const replaceName = texts.replaceName(request);
    const update = (toUser: string, payload: Record<string, unknown>) =>
      outbox.enqueue({
        dedupeKey: `perm:${request.id}:${why}:${toUser}`,
        channel: 'app_card_update',
        suiteId: request.suiteId,
        corpId: request.corpId,
        toUser,
        topic: CARD_UPDATE_TOPIC,
        ref: request.id,
        payload,
      });
    const done = new Set<string>();
    if (clicker) {
      await update(
        clicker.userId,
        replaceButtons({ userIds: [clicker.userId], replaceName, responseCode: clicker.responseCode }),
      );
      done.add(clicker.userId);
    }
    const cards = await stores.outbox.list({ ref: request.id, topic: PERMISSION_CARD_TOPIC });
    for (const card of cards) {
      // A card that never went out has nothing to update.
      if (!card.toUser || done.has(card.toUser) || card.status === 'failed' || card.status === 'cancelled')
        continue;
      done.add(card.toUser);
      await update(
        card.toUser,
        replaceButtons({ userIds: [card.toUser], replaceName, responseCodeFrom: card.id }),
      );
    }
  }

  async function reply(suiteId: string, corpId: string, toUser: string, dedupeKey: string, content: string) {
    await outbox.enqueue({
      dedupeKey,
      channel: 'app',
      suiteId,
      corpId,
      toUser,
      topic: REPLY_TOPIC,
      payload: textMessage(toUser, content),
    });
  }

  async function onCardAction(
    action: PermissionAnswer,
    requestId: string,
    click: CardClick,
    enterprise: EnterpriseContext,
  ) {
    const { suiteId, corpId, auth } = enterprise;
    const ctx = { suiteId, corpId, ...click };
    const { fromUser } = ctx;
    const replyKey = `perm:reply:${digest(ctx.responseCode)}`;
    const say = (content: string) => reply(suiteId, corpId, fromUser, replyKey, content);
    if (auth?.state !== 'active') {
      log.info({ suiteId, corpId, requestId }, 'answer on a cancelled authorization refused');
      return say(texts.cancelled);
    }
    const request = await requests.get(requestId);
    if (!request || request.suiteId !== suiteId || request.corpId !== corpId) {
      log.warn({ suiteId, corpId, requestId }, 'answer for an unknown request');
      return say(texts.notFound);
    }
    if (!(await mayAnswer(auth, request, fromUser))) return say(texts.notAdmin);
    await answer(request, action, auth, {
      by: fromUser,
      via: 'button',
      replyKey,
      responseCode: ctx.responseCode,
    });
  }

  async function onTextAnswer(action: PermissionAnswer, text: TextAnswer, enterprise: EnterpriseContext) {
    const { suiteId, corpId, auth } = enterprise;
    const ctx = { ...text, suiteId, corpId };
    const { fromUser } = ctx;
    // Without a MsgId the time keeps two answers apart; a retried delivery may then be answered twice.
    const replyKey = `perm:reply:${suiteId}:${corpId}:${ctx.msgId ?? `${fromUser}:${clock.now().getTime()}`}`;
    const say = (content: string) => reply(suiteId, corpId, fromUser, replyKey, content);
    if (auth?.state !== 'active') return say(texts.cancelled);
    if (!auth.admins.includes(fromUser)) return say(texts.notAdmin);
    const pending = await requests.latestPending(suiteId, corpId);
    if (!pending) return say(texts.noPending);
    await answer(pending, action, auth, { by: fromUser, via: 'text', replyKey });
  }

  /** Admins of the app, or whoever the card was sent to (the admin list may have changed since). */
  async function mayAnswer(
    auth: Authorization,
    request: PermissionRequest,
    userId: string,
  ): Promise<boolean> {
    if (auth.admins.includes(userId)) return true;
    const cards = await stores.outbox.list({ ref: request.id, topic: PERMISSION_CARD_TOPIC });
    return cards.some((c) => c.toUser === userId);
  }

  async function answer(
    request: PermissionRequest,
    action: PermissionAnswer,
    auth: Authorization,
    who: Answerer,
  ): Promise<void> {
    const now = clock.now();
    const state = action === 'approve' ? 'approved' : 'declined';
    const { decided, request: after } = await requests.decide(request.id, {
      state,
      by: who.by,
      via: who.via,
      at: now,
      nextActionAt: followUpAt(request, state, now),
    });
    if (!after) return reply(auth.suiteId, auth.corpId, who.by, who.replyKey, texts.notFound);
    // The same answer from the same person again is a retried delivery after a crash: finish the work.
    const replay =
      !decided && after.state === state && after.decidedBy === who.by && after.decidedVia === who.via;
    if (!decided && !replay) {
      const at = after.decidedAt ? formatTime(after.decidedAt, auth.timeZone) : '—';
      return reply(auth.suiteId, auth.corpId, who.by, who.replyKey, texts.alreadyDecided(after, at));
    }
    log.info({ requestId: after.id, corpId: after.corpId, state, via: who.via, replay }, 'answered');
    await applyOutcome(after, auth, who);
  }

  /** A not-now is raised again after the wait (up to maxReraises); an approval is verified by a probe. */
  function followUpAt(
    request: PermissionRequest,
    state: 'approved' | 'declined',
    now: Date,
  ): Date | undefined {
    if (state === 'declined') {
      return request.raisedCount <= config.maxReraises ? later(now, config.reraiseAfterMinutes) : undefined;
    }
    // The re-check backs up the check made right away, should that one fail or the process stop.
    return probesFor(catalogue, request.requested).length > 0
      ? later(now, config.effectRecheckMinutes)
      : undefined;
  }

  /** Everything after the decision; each step is idempotent so a replay repeats nothing. */
  async function applyOutcome(request: PermissionRequest, auth: Authorization, who: Answerer): Promise<void> {
    if (request.state === 'approved') await makeEffective(request);
    await greyOutCards(
      request,
      'outcome',
      who.responseCode ? { userId: who.by, responseCode: who.responseCode } : undefined,
    );
    const confirmKey = `perm:${request.id}:confirm`;
    if (request.state === 'declined') {
      await alertDeclined(request, auth);
      // A tap already shows the outcome on the card; a text answer gets a line back.
      if (who.via === 'text')
        await reply(auth.suiteId, auth.corpId, who.by, confirmKey, texts.declined(request));
      return;
    }
    await reply(auth.suiteId, auth.corpId, who.by, confirmKey, texts.approved(request));
    if (request.effect === 'unverified' && !request.effectCheckedAt && request.nextActionAt) {
      try {
        await recordEffect(request, (patch, at, entry) => requests.update(request.id, patch, at, entry));
      } catch (err) {
        log.warn({ err, requestId: request.id }, 'effect check failed; the scheduled re-check will retry');
      }
    }
  }

  async function makeEffective(request: PermissionRequest): Promise<void> {
    // A replay must not undo a newer approval.
    const approved = await requests.list({
      suiteId: request.suiteId,
      corpId: request.corpId,
      state: 'approved',
    });
    if (approved.some((r) => r.createdAt.getTime() > request.createdAt.getTime())) return;
    const app = await stores.apps.update(
      request.suiteId,
      request.corpId,
      { effectivePermissions: request.requested },
      clock.now(),
    );
    if (!app) log.warn({ requestId: request.id, corpId: request.corpId }, 'approved for an app that is gone');
  }

  async function alertDeclined(request: PermissionRequest, auth: Authorization): Promise<void> {
    const next = request.nextActionAt;
    await alerts.alert({
      dedupeKey: `perm:${request.id}:declined`,
      title: `暂不授权 / Permissions declined: ${auth.corpName}`,
      lines: [
        `企业 / corp: ${request.corpId}`,
        `模版 / template: ${request.suiteId}`,
        `申请 / requested: ${texts.names(request.requested)}`,
        `保持 / kept: ${texts.names(request.previous)}`,
        `答复 / by: ${request.decidedBy ?? '—'} (${request.decidedVia ?? '—'})`,
        next
          ? `将于 ${formatTime(next, auth.timeZone)} 再次询问 / asking again at ${next.toISOString()}`
          : `已询问 ${request.raisedCount} 次，不再自动询问 / asked ${request.raisedCount} times, no more follow-ups`,
      ],
      corpId: request.corpId,
      severity: 'warning',
    });
  }

  type Save = (patch: PermissionRequestPatch, at: Date, entry?: HistoryEntry) => Promise<unknown>;

  /** Probes, then records what it found: in effect, not yet (48002, re-checked later), or nothing to check. */
  async function recordEffect(request: PermissionRequest, save: Save): Promise<void> {
    const found = await probeEffect(
      (await deps.contexts.load(request.suiteId, request.corpId)).wecom,
      catalogue,
      request.requested,
    );
    const now = clock.now();
    switch (found.outcome) {
      case 'unverifiable':
        await save({ nextActionAt: undefined }, now);
        return;
      case 'authorization_gone':
        await save({ nextActionAt: undefined }, now, {
          at: now,
          what: 'effect_check_stopped',
          detail: `errcode ${found.errcode}`,
        });
        return;
      case 'in_effect':
        await save({ effect: 'in_effect', effectCheckedAt: now, nextActionAt: undefined }, now, {
          at: now,
          what: 'in_effect',
          detail: found.probed.join(', '),
        });
        return;
      case 'not_yet_in_effect': {
        const checks = request.history.filter((h) => h.what === 'not_yet_in_effect').length + 1;
        await save(
          {
            effect: 'not_yet_in_effect',
            effectCheckedAt: now,
            nextActionAt: later(now, config.effectRecheckMinutes),
          },
          now,
          { at: now, what: 'not_yet_in_effect', detail: `48002: ${found.missing.join(', ')}` },
        );
        if (checks >= config.effectAlertAfterChecks) await alertNotInEffect(request, found.missing, checks);
      }
    }
  }

  async function alertNotInEffect(request: PermissionRequest, missing: string[], checks: number) {
    const auth = await stores.authorizations.get(request.suiteId, request.corpId);
    await alerts.alert({
      // Once per request: the re-checks go on, the alert is not repeated.
      dedupeKey: `perm:${request.id}:not-in-effect`,
      title: `已同意但未生效 / Approved but not in effect: ${auth?.corpName ?? request.corpId}`,
      lines: [
        `企业 / corp: ${request.corpId}`,
        `未生效 / not in effect: ${texts.names(missing)}`,
        `已检查 ${checks} 次，接口仍返回 48002 / checked ${checks} times, still 48002`,
        '请提醒管理员在企业微信的权限变更通知中点击同意。 Ask the admin to agree in WeCom’s permission-change notice.',
      ],
      corpId: request.corpId,
      severity: 'warning',
    });
  }

  async function tick(owner: string, limit = 20): Promise<TickResult> {
    const result: TickResult = { raisedAgain: 0, checked: 0, stopped: 0 };
    const due = await requests.claimDueActions({ owner, now: clock.now(), leaseMs: LEASE_MS, limit });
    for (const request of due) {
      try {
        result[await followUp(request, owner)] += 1;
      } catch (err) {
        log.error({ err, requestId: request.id }, 'permission follow-up failed; retried later');
        const now = clock.now();
        await requests.release(
          request.id,
          owner,
          { nextActionAt: later(now, config.effectRecheckMinutes) },
          now,
        );
      }
    }
    return result;
  }

  async function followUp(request: PermissionRequest, owner: string): Promise<keyof TickResult> {
    const stop = async (why: string): Promise<'stopped'> => {
      const now = clock.now();
      await requests.release(request.id, owner, { nextActionAt: undefined }, now, {
        at: now,
        what: 'follow_up_stopped',
        detail: why,
      });
      return 'stopped';
    };
    const [auth, app] = await Promise.all([
      stores.authorizations.get(request.suiteId, request.corpId),
      stores.apps.get(request.suiteId, request.corpId),
    ]);
    if (auth?.state !== 'active' || !app) return stop('authorization cancelled');
    if (request.state === 'approved') {
      // A newer approval replaced the set: this one's effect no longer matters.
      if (!sameSet(app.effectivePermissions, request.requested)) return stop('effective set changed');
      await recordEffect(request, (patch, at, entry) =>
        requests.release(request.id, owner, patch, at, entry),
      );
      return 'checked';
    }
    if (request.state !== 'declined') return stop(`state ${request.state}`);
    const all = await requests.list({ suiteId: request.suiteId, corpId: request.corpId });
    const newer = all.find((r) => r.createdAt.getTime() > request.createdAt.getTime());
    if (newer) return stop(`newer request ${newer.id}`);
    if (sameSet(app.effectivePermissions, request.requested)) return stop('already effective');
    const now = clock.now();
    const { request: again } = await requests.file({
      id: randomUUID(),
      suiteId: request.suiteId,
      corpId: request.corpId,
      requested: request.requested,
      previous: app.effectivePermissions,
      filedBy: request.filedBy,
      raisedCount: request.raisedCount + 1,
      effect: 'unverified',
      history: [{ at: now, what: 'raised_again_after', detail: request.id }],
      createdAt: now,
    });
    await sendCards(again, auth, app.name);
    await requests.release(request.id, owner, { nextActionAt: undefined }, now, {
      at: now,
      what: 'raised_again',
      by: 'bot',
      detail: again.id,
    });
    log.info({ requestId: request.id, again: again.id, raisedCount: again.raisedCount }, 'raised again');
    return 'raisedAgain';
  }

  async function list(filter: { suiteId?: string; corpId?: string; state?: string } = {}) {
    if (filter.state !== undefined && !STATES.includes(filter.state as PermissionRequestState)) {
      throw new ValidationError('state', 'one_of', `state must be one of ${STATES.join(', ')}`);
    }
    const found = await requests.list({
      ...filter,
      state: filter.state as PermissionRequestState | undefined,
    });
    return found.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  }

  async function get(id: string): Promise<PermissionRequest> {
    const request = await requests.get(id);
    if (!request) throw new NotFoundError(`permission request ${id}`);
    return request;
  }

  /** Lines for the admin's 状态 reply. */
  async function describe(suiteId: string, corpId: string): Promise<string[]> {
    const app = await stores.apps.get(suiteId, corpId);
    if (!app) return [];
    const lines = [`自定义权限 / Custom permissions: ${texts.names(app.effectivePermissions)}`];
    const all = await list({ suiteId, corpId });
    const pending = all.find((r) => r.state === 'pending');
    if (pending) {
      lines.push(
        `权限申请 / Permission request: ${texts.names(pending.requested)} — ${STATE_LABELS.pending}` +
          '（回复「同意」或「暂不授权」/ reply 同意 or 暂不授权）',
      );
    }
    const last = all.find((r) => r.state === 'approved' || r.state === 'declined');
    if (last) lines.push(`上次申请 / Last request: ${texts.names(last.requested)} — ${stateLabel(last)}`);
    return lines;
  }

  return {
    catalogue,
    file,
    onCardAction,
    onTextAnswer,
    tick,
    list,
    get,
    describe,
    stateLabel,
  };
}

function later(from: Date, minutes: number): Date {
  return new Date(from.getTime() + minutes * MINUTE);
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

/** Response codes are credentials for 72 h: dedupe keys carry a digest, never the code. */
function digest(s: string): string {
  return createHash('sha256').update(s).digest('hex').slice(0, 32);
}
