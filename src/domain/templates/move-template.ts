import { ConflictError, NotFoundError } from '../../shared/errors';
import type { Template, TemplateStatus } from '../model';
import type { TemplateDeps } from './record-template';
import { moveTemplateBody, qrCodeNeedsOnline } from './template-input';
import { allowedMovesText, templateMovesInto } from './template-moves';

/**
 * Support staff move a template as the provider console did (submitted, passed or failed,
 * put online); each move goes to its history. Asking for the status it already has changes
 * nothing, so a retried request is harmless; a QR code given with online is recorded.
 */
export async function moveTemplate(
  deps: TemplateDeps,
  suiteId: string,
  body: unknown,
  by: string,
): Promise<Template> {
  const input = moveTemplateBody.parse(body);
  qrCodeNeedsOnline(input);
  const stored = await deps.stores.templates.get(suiteId);
  if (!stored) throw new NotFoundError(`template ${suiteId}`);
  const now = deps.clock.now();
  const moved = stored.status === input.status ? stored : await move(deps, stored, input.status, by, now);
  if (!input.qrCode) return moved;
  return (await deps.stores.templates.update(suiteId, { qrCode: input.qrCode }, now)) ?? moved;
}

async function move(
  deps: TemplateDeps,
  stored: Template,
  to: TemplateStatus,
  by: string,
  now: Date,
): Promise<Template> {
  const { templates } = deps.stores;
  const moved = await templates.transition(stored.suiteId, templateMovesInto(to), to, by, now);
  if (moved) return moved;
  // Read again: another caller may have moved it meanwhile, and the answer names where it is now.
  const current = (await templates.get(stored.suiteId)) ?? stored;
  if (current.status === to) return current;
  throw new ConflictError(
    `cannot move template ${stored.suiteId} from ${current.status} to ${to}; ${allowedMovesText(current.status)}`,
  );
}
