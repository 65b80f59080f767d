import { CARD_LIMITS, cardLimitViolations, charCount } from '../domain/card-limits';
import { corpDirectory } from './corp-directory';
import { checkTemplateCard } from './card-rules';
import { checkAgent } from './message-send';
import { RESPONSE_CODE_TTL_MS, type SimState } from './sim-state';
import type { SimCorp } from './sim-types';
import { WecomSimError } from './wecom-errors';

/**
 * POST message/update_template_card: replaces the buttons (button.replace_name) or the whole card for
 * the named recipients. The response_code is single use and valid 72 h, else 60140.
 */
export function updateTemplateCard(
  state: SimState,
  corp: SimCorp,
  body: Record<string, unknown>,
): Record<string, unknown> {
  checkAgent(corp, body.agentid);
  const now = state.clock.now();
  const record =
    typeof body.response_code === 'string' ? state.responseCodes.get(body.response_code) : undefined;
  if (
    !record ||
    record.corpId !== corp.corpId ||
    record.usedAt ||
    now.getTime() - record.issuedAt.getTime() > RESPONSE_CODE_TTL_MS
  ) {
    throw new WecomSimError(60140);
  }
  const replaceName = (body.button as { replace_name?: unknown } | undefined)?.replace_name;
  if (body.button !== undefined && (typeof replaceName !== 'string' || replaceName.length === 0)) {
    throw new WecomSimError(40058, 'button.replace_name required');
  }
  if (body.button === undefined && body.template_card === undefined) {
    throw new WecomSimError(40058, 'button or template_card required');
  }
  const card = body.button === undefined ? checkTemplateCard(body.template_card) : undefined;
  const violations = card
    ? cardLimitViolations(card)
    : charCount(replaceName as string) > CARD_LIMITS.replaceName
      ? [
          {
            field: 'button.replace_name',
            length: charCount(replaceName as string),
            max: CARD_LIMITS.replaceName,
          },
        ]
      : [];
  for (const v of violations)
    state.limitViolations.push({ ...v, corpId: corp.corpId, api: 'message/update_template_card' });

  const message = state.messages.find((m) => m.msgid === record.msgid);
  const recipients = new Set(message?.recipients ?? []);
  const userids = asStrings(body.userids);
  const targets = new Set<string>();
  if (body.atall === 1) recipients.forEach((u) => targets.add(u));
  userids.forEach((u) => targets.add(u));
  asStrings(body.partyids).forEach((p) =>
    corpDirectory.partyMembers(corp, Number(p)).forEach((u) => targets.add(u)),
  );
  asStrings(body.tagids).forEach((t) =>
    corpDirectory.tagMembers(corp, Number(t)).forEach((u) => targets.add(u)),
  );
  if (targets.size === 0) throw new WecomSimError(40058, 'userids, partyids, tagids or atall required');

  record.usedAt = now;
  for (const entry of state.inbox) {
    if (entry.msgid !== record.msgid || !targets.has(entry.userId) || !recipients.has(entry.userId)) continue;
    if (card) {
      entry.card = structuredClone(card);
      entry.replacedName = undefined;
    } else {
      entry.replacedName = replaceName as string;
    }
  }
  return { invaliduser: userids.filter((u) => !recipients.has(u)) };
}

function asStrings(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}
