import type { Clock } from '../../shared/clock';
import { ConflictError } from '../../shared/errors';
import type { Template } from '../model';
import type { Stores } from '../ports/stores';
import { qrCodeNeedsOnline, recordTemplateBody } from './template-input';
import { allowedMovesText } from './template-moves';

export interface TemplateDeps {
  stores: Pick<Stores, 'templates'>;
  clock: Clock;
}

/**
 * Records a template in whatever state it is in (a provider may add one already online). A
 * recorded template keeps its status: asking for another one here is refused, since only a
 * move through the allowed ones changes it (and goes to its history).
 */
export async function recordTemplate(
  deps: TemplateDeps,
  body: unknown,
): Promise<{ template: Template; created: boolean }> {
  const input = recordTemplateBody.parse(body);
  qrCodeNeedsOnline(input);
  const { templates } = deps.stores;
  const now = deps.clock.now();
  const fresh: Template = {
    suiteId: input.suiteId,
    name: input.name,
    status: input.status ?? 'created',
    ...(input.qrCode ? { qrCode: input.qrCode } : {}),
    statusHistory: [],
    createdAt: now,
    updatedAt: now,
  };
  if ((await templates.create(fresh)) === 'created') return { template: fresh, created: true };
  // It exists, and templates are never deleted.
  const stored = (await templates.get(input.suiteId))!;
  if (input.status && input.status !== stored.status) {
    throw new ConflictError(
      `template ${stored.suiteId} is ${stored.status}; move it through its status (${allowedMovesText(stored.status)})`,
    );
  }
  // Online is final, so a QR code given here (only with status online) cannot meet another state.
  const template = await templates.update(
    stored.suiteId,
    { name: input.name, ...(input.qrCode ? { qrCode: input.qrCode } : {}) },
    now,
  );
  return { template: template ?? stored, created: false };
}
