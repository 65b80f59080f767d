import { ConflictError, NotFoundError } from '../../shared/errors';
import type { Template, TemplateStatus } from '../model';
import type { TemplateDeps } from './record-template';
import { moveTemplateBody, parseBody, qrCodeNeedsOnline } from './template-input';
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
  const input = parseBody(moveTemplateBody, body);
  qrCodeNeedsOnline(input);
  const to = input.status as TemplateStatus;
  const { templates } = deps.stores;
  const stored = await templates.get(suiteId);
  if (!stored) throw new NotFoundError(`template ${suiteId}`);
  const now = deps.clock.now();
  let moved: Template | undefined = stored;
  if (stored.status !== to) {
    moved = await templates.transition(suiteId, templateMovesInto(to), to, by, now);
    if (!moved) {
      // Read again: another caller may have moved it since, and the answer names where it is now.
      const current = (await templates.get(suiteId)) ?? stored;
      if (current.status !== to)
        throw new ConflictError(
          `cannot move template ${suiteId} from ${current.status} to ${to}; ${allowedMovesText(current.status)}`,
        );
      moved = current;
    }
  }
  if (!input.qrCode) return moved;
  return (await templates.update(suiteId, { qrCode: input.qrCode }, now)) ?? moved;
}
