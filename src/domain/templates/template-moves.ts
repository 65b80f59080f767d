import type { TemplateStatus } from '../model';

/**
 * The handbook's moves: submit for review, review passed (待上线) or failed (back to created),
 * put online. Online is final: WeCom has no way back, and only then is there a QR code.
 */
export const TEMPLATE_MOVES: Record<TemplateStatus, readonly TemplateStatus[]> = {
  created: ['in_review'],
  in_review: ['approved', 'created'],
  approved: ['online'],
  online: [],
};

/** The statuses from which a move to `to` is allowed. */
export function templateMovesInto(to: TemplateStatus): TemplateStatus[] {
  return (Object.keys(TEMPLATE_MOVES) as TemplateStatus[]).filter((from) =>
    TEMPLATE_MOVES[from].includes(to),
  );
}

/** "in_review → approved, created": what a refused move answers. */
export function allowedMovesText(from: TemplateStatus): string {
  const moves = TEMPLATE_MOVES[from];
  return moves.length > 0 ? `allowed from ${from}: ${moves.join(', ')}` : `${from} is final`;
}
