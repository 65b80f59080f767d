import { minutesAfter, type Clock } from '../../shared/clock';
import type { EnterpriseContext } from '../enterprise/context';
import type { HistoryEntry, PermissionRequest } from '../model';
import type { SupportAlerts } from '../ports';
import type { PermissionRequestPatch } from '../ports/stores';
import type { Catalogue } from './catalogue';
import type { PermissionOptions } from './permission-options';
import type { PermissionTexts } from './permission-texts';
import { probeEffect } from './probe-effect';

export interface VerifyEffectDeps {
  alerts: SupportAlerts;
  clock: Clock;
  catalogue: Catalogue;
  texts: PermissionTexts;
  config: Pick<PermissionOptions, 'effectRecheckMinutes' | 'effectAlertAfterChecks'>;
}

/** How the finding is written: an update after the answer, the lease's release in the tick. */
export type SaveEffect = (patch: PermissionRequestPatch, at: Date, entry?: HistoryEntry) => Promise<unknown>;

/**
 * Probes, then records what it found: in effect, not yet (48002, re-checked later, support told
 * after the configured checks), or nothing to check.
 */
export type VerifyEffect = (
  request: PermissionRequest,
  enterprise: EnterpriseContext,
  save: SaveEffect,
) => Promise<void>;

export function createVerifyEffect(deps: VerifyEffectDeps): VerifyEffect {
  const { alerts, clock, texts, config } = deps;

  async function alertNotInEffect(
    request: PermissionRequest,
    enterprise: EnterpriseContext,
    missing: string[],
    checks: number,
  ): Promise<void> {
    await alerts.alert({
      // Once per request: the re-checks go on, the alert is not repeated.
      dedupeKey: `perm:${request.id}:not-in-effect`,
      title: `已同意但未生效 / Approved but not in effect: ${enterprise.auth?.corpName ?? request.corpId}`,
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

  return async function verifyEffect(request, enterprise, save) {
    const found = await probeEffect(enterprise.wecom, deps.catalogue, request.requested);
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
            nextActionAt: minutesAfter(now, config.effectRecheckMinutes),
          },
          now,
          { at: now, what: 'not_yet_in_effect', detail: `48002: ${found.missing.join(', ')}` },
        );
        if (checks >= config.effectAlertAfterChecks) {
          await alertNotInEffect(request, enterprise, found.missing, checks);
        }
      }
    }
  };
}
