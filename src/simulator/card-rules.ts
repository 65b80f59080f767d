import type { CardButton, TemplateCard } from './sim-types';
import { WecomSimError } from './wecom-errors';

export const TASK_ID_PATTERN = /^[A-Za-z0-9_\-@]{1,128}$/;
const SUPPORTED_CARD_TYPES = ['button_interaction', 'text_notice'];

/**
 * Checks a template_card the way message/send does. WeCom's per-field codes (42014–42051) are not
 * published one by one, so every field error answers 40058 with the field in the hint.
 */
export function checkTemplateCard(value: unknown): TemplateCard {
  if (!isObject(value)) throw new WecomSimError(40058, 'template_card required');
  const card = value as TemplateCard;
  if (!SUPPORTED_CARD_TYPES.includes(card.card_type)) {
    throw new WecomSimError(40058, `card_type: the simulator supports ${SUPPORTED_CARD_TYPES.join(', ')}`);
  }
  if (
    card.task_id !== undefined &&
    (typeof card.task_id !== 'string' || !TASK_ID_PATTERN.test(card.task_id))
  ) {
    throw new WecomSimError(40058, 'task_id: 1-128 of [A-Za-z0-9_-@]');
  }
  if (card.card_type === 'text_notice') {
    if (!nonEmpty(card.main_title?.title) && !nonEmpty(card.sub_title_text)) {
      throw new WecomSimError(40058, 'main_title.title or sub_title_text required');
    }
    return card;
  }
  if (!nonEmpty(card.main_title?.title)) throw new WecomSimError(40058, 'main_title.title required');
  if (card.task_id === undefined) throw new WecomSimError(40058, 'task_id required');
  checkButtons(card.button_list);
  return card;
}

function checkButtons(list: unknown): asserts list is CardButton[] {
  if (!Array.isArray(list) || list.length < 1 || list.length > 6) {
    throw new WecomSimError(40058, 'button_list: 1 to 6 buttons');
  }
  const keys = new Set<string>();
  for (const [i, b] of list.entries()) {
    if (!isObject(b) || !nonEmpty(b.text)) throw new WecomSimError(40058, `button_list[${i}].text required`);
    if (b.type === 1) {
      if (!nonEmpty(b.url)) throw new WecomSimError(40058, `button_list[${i}].url required for type 1`);
      continue;
    }
    if (!nonEmpty(b.key) || Buffer.byteLength(b.key) > 1024) {
      throw new WecomSimError(40058, `button_list[${i}].key required, at most 1024 bytes`);
    }
    if (keys.has(b.key)) throw new WecomSimError(40058, `button_list[${i}].key must be unique`);
    keys.add(b.key);
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function nonEmpty(v: unknown): v is string {
  return typeof v === 'string' && v.length > 0;
}
