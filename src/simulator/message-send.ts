import { corpDirectory } from './corp-directory';
import { cardLimitViolations } from '../domain/card-limits';
import { checkTemplateCard } from './card-rules';
import { randomToken, type SimState } from './sim-state';
import type { SimCorp, TemplateCard } from './sim-types';
import { WecomSimError } from './wecom-errors';

const MAX_CONTENT_BYTES = 2048;
const DEFAULT_DUPLICATE_INTERVAL_S = 1800;
const MAX_DUPLICATE_INTERVAL_S = 4 * 3600;

/** POST message/send for one corp's app: validates, applies duplicate check, delivers to inboxes. */
export function sendMessage(
  state: SimState,
  corp: SimCorp,
  body: Record<string, unknown>,
): Record<string, unknown> {
  checkAgent(corp, body.agentid);
  const { msgtype } = body;
  let card: TemplateCard | undefined;
  let content: string | undefined;
  if (msgtype === 'text' || msgtype === 'markdown') {
    content = checkContent(body[msgtype]);
  } else if (msgtype === 'template_card') {
    card = checkTemplateCard(body.template_card);
    for (const v of cardLimitViolations(card))
      state.limitViolations.push({ ...v, corpId: corp.corpId, api: 'message/send' });
  } else {
    throw new WecomSimError(40008, 'msgtype: text, markdown or template_card');
  }

  const users = splitIds(body.touser);
  const parties = splitIds(body.toparty);
  const tags = splitIds(body.totag);
  if (users.length > 1000) throw new WecomSimError(40032, 'touser: at most 1000');
  if (parties.length > 100) throw new WecomSimError(82002, 'toparty: at most 100');
  if (tags.length > 100) throw new WecomSimError(82003, 'totag: at most 100');

  const now = state.clock.now();
  const duplicateKey = `${corp.corpId}\n${JSON.stringify(body)}`;
  if (body.enable_duplicate_check === 1) {
    const seen = state.duplicateChecks.get(duplicateKey);
    const interval = Math.min(
      Number(body.duplicate_check_interval ?? DEFAULT_DUPLICATE_INTERVAL_S),
      MAX_DUPLICATE_INTERVAL_S,
    );
    // Identical JSON within the interval: WeCom answers ok and delivers nothing.
    if (seen && now.getTime() - seen.at.getTime() < interval * 1000) return { ...seen.answer };
  }
  if (card?.task_id && corp.taskIds.has(card.task_id)) {
    throw new WecomSimError(40058, 'task_id already used by this app');
  }

  const { delivered, invaliduser, invalidparty, invalidtag } = resolveRecipients(corp, users, parties, tags);
  const invalid = {
    invaliduser: invaliduser.join('|'),
    invalidparty: invalidparty.join('|'),
    invalidtag: invalidtag.join('|'),
  };
  const nobodyNamed = users.length + parties.length + tags.length === 0;
  const someInvalid = invaliduser.length + invalidparty.length + invalidtag.length > 0;
  if (nobodyNamed || (delivered.length === 0 && someInvalid))
    throw new WecomSimError(81013, undefined, invalid);

  const msgid = randomToken(24);
  const responseCode =
    card?.card_type === 'button_interaction'
      ? state.issueResponseCode({ corpId: corp.corpId, msgid })
      : undefined;
  if (card?.task_id) corp.taskIds.add(card.task_id);
  state.messages.push({
    msgid,
    corpId: corp.corpId,
    agentId: corp.agentId,
    msgtype,
    body,
    recipients: delivered,
    responseCode,
    at: now,
  });
  for (const userId of delivered) {
    state.inbox.push({
      id: state.nextId(),
      corpId: corp.corpId,
      userId,
      at: now,
      from: 'app',
      msgtype,
      msgid,
      content,
      card: card && structuredClone(card),
    });
  }
  const answer = { ...invalid, msgid, ...(responseCode ? { response_code: responseCode } : {}) };
  if (body.enable_duplicate_check === 1) state.duplicateChecks.set(duplicateKey, { at: now, answer });
  return answer;
}

export function checkAgent(corp: SimCorp, agentid: unknown): void {
  if (agentid === undefined || agentid === null || agentid === '') throw new WecomSimError(41011);
  if (Number(agentid) !== corp.agentId) throw new WecomSimError(301002);
}

function checkContent(part: unknown): string {
  const content = (part as { content?: unknown } | undefined)?.content;
  if (typeof content !== 'string' || content.length === 0) throw new WecomSimError(44004);
  if (Buffer.byteLength(content) > MAX_CONTENT_BYTES)
    throw new WecomSimError(45002, 'content: at most 2048 bytes');
  return content;
}

function splitIds(value: unknown): string[] {
  if (value === undefined || value === null || value === '') return [];
  return [...new Set(String(value).split('|').filter(Boolean))];
}

function resolveRecipients(corp: SimCorp, users: string[], parties: string[], tags: string[]) {
  const visible = new Set(corpDirectory.visibleUsers(corp));
  const delivered = new Set<string>();
  const invaliduser: string[] = [];
  const invalidparty: string[] = [];
  const invalidtag: string[] = [];
  for (const u of users) {
    if (u === '@all') visible.forEach((v) => delivered.add(v));
    else if (visible.has(u)) delivered.add(u);
    else invaliduser.push(u);
  }
  for (const p of parties) {
    const id = Number(p);
    if (corpDirectory.hasParty(corp, id) && corpDirectory.isPartyVisible(corp, id)) {
      corpDirectory.partyMembers(corp, id).forEach((m) => delivered.add(m));
    } else invalidparty.push(p);
  }
  for (const t of tags) {
    const id = Number(t);
    if (corp.visibility.tags.includes(id) && corp.tags.some((tag) => tag.id === id)) {
      corpDirectory.tagMembers(corp, id).forEach((m) => delivered.add(m));
    } else invalidtag.push(t);
  }
  return { delivered: [...delivered], invaliduser, invalidparty, invalidtag };
}
