import { randomUUID } from 'node:crypto';
import { DAY } from '../../shared/clock';
import type { Clock } from '../../shared/clock';
import { z } from 'zod';
import { ConflictError } from '../../shared/errors';
import { bodyInput, withRule } from '../input';
import type { Stores } from '../ports/stores';
import type { BatchQrCode } from '../model';
import { moveTemplate } from '../templates/move-template';
import { markTestEnterprise } from './mark-test-enterprise';
import { setEnterpriseLocale } from './set-enterprise-locale';
import { recordTemplate } from '../templates/record-template';
import type { SupportAlerts } from '../ports';
import { alertWords } from './alert-words';

/** A batch-authorization QR code combines 2 to 9 online templates and expires after 10 days. */
export const BATCH_QR = { min: 2, max: 9, validDays: 10, alertDaysBefore: 2 } as const;

const SUITE_IDS = 'suiteIds must be a list of template ids';

/** `POST /admin/api/batch-qr-codes`: 2 to 9 different online templates, and the code's URL when known. */
export const batchQrCodeBody = bodyInput(
  z.strictObject({
    suiteIds: z
      .array(z.string({ error: SUITE_IDS }), { error: SUITE_IDS })
      .superRefine((ids, ctx) => {
        const count = new Set(ids).size;
        if (count < BATCH_QR.min || count > BATCH_QR.max) {
          ctx.addIssue({
            code: 'custom',
            params: { rule: 'count' },
            message: `a batch QR code combines ${BATCH_QR.min}–${BATCH_QR.max} different templates (got ${count})`,
          });
        }
      })
      .meta({
        description: `${BATCH_QR.min}–${BATCH_QR.max} different online templates`,
        minItems: BATCH_QR.min,
      }),
    url: withRule(
      z.string({ error: 'url must be an http(s) URL' }).regex(/^https?:\/\//, 'url must be an http(s) URL'),
      'url',
    ).optional(),
  }),
);

export interface AdminDeps {
  stores: Stores;
  alerts: SupportAlerts;
  clock: Clock;
}

export type AdminService = ReturnType<typeof createAdminService>;

/** What support staff do that is not the lifecycle's, the permissions' or the rollout's own. */
export function createAdminService(deps: AdminDeps) {
  const { stores, clock } = deps;

  async function recordBatchQrCode(body: unknown): Promise<BatchQrCode> {
    const { suiteIds, url } = batchQrCodeBody.parse(body);
    const unique = [...new Set(suiteIds)];
    for (const id of unique) {
      const t = await stores.templates.get(id);
      if (t?.status !== 'online') {
        throw new ConflictError(
          `template ${id} is ${t ? t.status : 'unknown'}; only online templates can be combined`,
        );
      }
    }
    const createdAt = clock.now();
    return stores.batchQrCodes.create({
      id: randomUUID(),
      suiteIds: unique,
      url,
      createdAt,
      expiresAt: new Date(createdAt.getTime() + BATCH_QR.validDays * DAY),
    });
  }

  /** Support is told two days before a batch QR code expires, once per code. */
  async function alertExpiringBatchQrCodes(): Promise<number> {
    const now = clock.now();
    const expiring = await stores.batchQrCodes.claimExpiring(
      new Date(now.getTime() + BATCH_QR.alertDaysBefore * DAY),
      now,
    );
    for (const qr of expiring) {
      const w = alertWords(deps.alerts.locale).batchQr;
      await deps.alerts.alert({
        dedupeKey: `batch_qr_expiring:${qr.id}`,
        title: w.title,
        lines: [w.templates(qr.suiteIds.join(', ')), w.expires(qr.expiresAt.toISOString())],
        action: w.action,
        severity: 'warning',
      });
    }
    return expiring.length;
  }

  return {
    recordTemplate: (body: unknown) => recordTemplate(deps, body),
    moveTemplate: (suiteId: string, body: unknown, by: string) => moveTemplate(deps, suiteId, body, by),
    markTestEnterprise: (corpId: string, body: unknown) => markTestEnterprise(deps, corpId, body),
    setEnterpriseLocale: (corpId: string, body: unknown) => setEnterpriseLocale(deps, corpId, body),
    recordBatchQrCode,
    alertExpiringBatchQrCodes,
  };
}
