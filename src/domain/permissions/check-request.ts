import type { Locale } from '../../shared/locale';
import { cappedDoubling } from '../../shared/backoff';
import { MINUTE, minutesAfter, type Clock } from '../../shared/clock';
import { replyTo } from '../card-answer';
import type { EnterpriseContext } from '../enterprise/context';
import type { HistoryEntry, PermissionRequest } from '../model';
import type { Outbox, SupportAlerts } from '../ports';
import { alertWords } from '../support/alert-words';
import type { PermissionRequestPatch } from '../ports/stores';
import type { Catalogue } from './catalogue';
import { checkGrant, type AppPermissions, type GrantCheck } from './check-grant';
import type { GrantRequest } from './grant-request';
import type { PermissionOptions } from './permission-options';
import { REPLY_TOPIC } from './request-cards';
import type { PermissionTexts } from './permission-texts';

export interface CheckRequestDeps {
  outbox: Outbox;
  alerts: SupportAlerts;
  clock: Clock;
  catalogue: Catalogue;
  texts: PermissionTexts;
  config: Pick<
    PermissionOptions,
    'effectRecheckMinutes' | 'effectAlertAfterChecks' | 'confirmReminderMinutes'
  >;
  grant: GrantRequest;
}

/** How the finding is written: an update after an answer or a change_auth, the lease's release in the tick. */
export type SaveCheck = (patch: PermissionRequestPatch, at: Date, entry?: HistoryEntry) => Promise<unknown>;

/**
 * Asks WeCom whether a pending or declined request is granted and records what it found: granted on
 * evidence; otherwise, after an approve answer, the next check on a doubling backoff, a reminder to
 * the admin who said yes (once) and a support alert after the configured checks.
 */
export type CheckRequest = (
  request: PermissionRequest,
  enterprise: EnterpriseContext,
  save: SaveCheck,
  known?: AppPermissions,
) => Promise<GrantCheck>;

/** The longest wait between two checks. */
const MAX_RECHECK_MS = 24 * 60 * MINUTE;

export function createCheckRequest(deps: CheckRequestDeps): CheckRequest {
  const { alerts, clock, texts, config } = deps;

  async function alertNotGranted(
    request: PermissionRequest,
    enterprise: EnterpriseContext,
    missing: string[],
    checks: number,
  ) {
    // On its own test enterprise the provider is the admin it would chase: the checks go on, silently.
    if (enterprise.auth?.test) return;
    const w = alertWords(alerts.locale).notInEffect;
    await alerts.alert({
      // Once per request: the checks go on, the alert is not repeated.
      dedupeKey: `perm:${request.id}:not-in-effect`,
      title: w.title,
      lines: [w.missing(texts.in(alerts.locale).names(missing)), w.checked(checks)],
      action: w.action,
      corpId: request.corpId,
      corpName: enterprise.auth?.corpName,
      suiteId: request.suiteId,
      severity: 'warning',
    });
  }

  /** The admin who said yes hears once where to confirm, when the configured time has passed. */
  async function remind(request: PermissionRequest, now: Date, locale: Locale): Promise<boolean> {
    if (request.history.some((h) => h.what === 'reminded')) return false;
    if (now.getTime() < reminderAt(request).getTime()) return false;
    await replyTo(deps.outbox, {
      suiteId: request.suiteId,
      corpId: request.corpId,
      toUser: request.answer!.by,
      text: texts.in(locale).reminder(request),
      dedupeKey: `perm:${request.id}:remind`,
      topic: REPLY_TOPIC,
    });
    return true;
  }

  function reminderAt(request: PermissionRequest): Date {
    return minutesAfter(request.answer!.at, config.confirmReminderMinutes);
  }

  /** effectRecheckMinutes, doubled after each check that found nothing, capped; never past the reminder. */
  function nextCheckAt(request: PermissionRequest, checks: number, reminded: boolean, now: Date): Date {
    const wait = cappedDoubling(checks, {
      baseMs: config.effectRecheckMinutes * MINUTE,
      capMs: MAX_RECHECK_MS,
    });
    const next = new Date(now.getTime() + wait);
    const remindAt = reminderAt(request);
    return !reminded && remindAt.getTime() > now.getTime() && remindAt < next ? remindAt : next;
  }

  return async function checkRequest(request, enterprise, save, known) {
    const found = await checkGrant(enterprise.wecom, deps.catalogue, request.requested, known);
    const now = clock.now();
    if (found.outcome === 'granted') {
      await deps.grant(request, enterprise, found.evidence);
      await save({ checkedAt: now }, now);
      return found;
    }
    if (found.outcome === 'authorization_gone') {
      await save({ nextActionAt: undefined }, now, {
        at: now,
        what: 'check_stopped',
        detail: `errcode ${found.errcode}`,
      });
      return found;
    }
    const detail =
      found.outcome === 'not_granted'
        ? `not granted: ${found.missing.join(', ')}`
        : `no check for: ${found.unchecked.join(', ')}`;
    // Only an approve answer waiting for WeCom is followed up on a schedule; a declined one waits for its re-raise.
    if (request.state !== 'pending' || request.answer?.answer !== 'approve') {
      await save({ checkedAt: now }, now);
      return found;
    }
    const checks =
      request.history.filter((h) => h.what === 'not_granted' || h.what === 'reminded').length + 1;
    const reminded = await remind(request, now, enterprise.locale);
    const wasReminded = reminded || request.history.some((h) => h.what === 'reminded');
    // Without any check call nothing changes on its own: after the reminder, support confirms it.
    const next =
      found.outcome === 'unknown' && wasReminded ? undefined : nextCheckAt(request, checks, wasReminded, now);
    await save({ checkedAt: now, nextActionAt: next }, now, {
      at: now,
      what: reminded ? 'reminded' : 'not_granted',
      by: reminded ? 'bot' : undefined,
      detail: reminded ? `${request.answer.by}; ${detail}` : detail,
    });
    if (found.outcome === 'not_granted' && checks >= config.effectAlertAfterChecks) {
      await alertNotGranted(request, enterprise, found.missing, checks);
    }
    return found;
  };
}
