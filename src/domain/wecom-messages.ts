import { createHash } from 'node:crypto';
import { ValidationError } from '../shared/errors';
import { CARD_LIMITS, TEXT_MAX_BYTES } from './card-limits';

/**
 * message/send bodies with WeCom's own field names (api-notes §4.8, §4.9). No agentid: the client
 * adds it at send time, so a stored outbox payload stays valid if the agent id is learned later.
 */

const APP_TEXT_MAX_BYTES = TEXT_MAX_BYTES;
const MAX_BUTTONS = CARD_LIMITS.buttons;
const MAX_HORIZONTAL_CONTENT = CARD_LIMITS.rows;
export const TASK_ID_PATTERN = /^[A-Za-z0-9_\-@]{1,128}$/;

/** Cuts to at most maxBytes of UTF-8, on a character boundary, ending with the ellipsis when cut. */
export function truncateUtf8(text: string, maxBytes: number, ellipsis = '…'): string {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
  const budget = maxBytes - Buffer.byteLength(ellipsis, 'utf8');
  let used = 0;
  let out = '';
  // for..of walks code points, so a surrogate pair (emoji) is never split in half.
  for (const ch of text) {
    const size = Buffer.byteLength(ch, 'utf8');
    if (used + size > budget) break;
    used += size;
    out += ch;
  }
  return out + ellipsis;
}

export function textMessage(toUser: string, content: string): Record<string, unknown> {
  return { touser: toUser, msgtype: 'text', text: { content: truncateUtf8(content, APP_TEXT_MAX_BYTES) } };
}

export function markdownMessage(toUser: string, content: string): Record<string, unknown> {
  return {
    touser: toUser,
    msgtype: 'markdown',
    markdown: { content: truncateUtf8(content, APP_TEXT_MAX_BYTES) },
  };
}

/** Button style 1–4 (WeCom's palette); 1 is the primary blue. */
export interface CardButton {
  text: string;
  key: string;
  style?: 1 | 2 | 3 | 4;
}

export interface ButtonCardInput {
  toUser: string;
  taskId: string;
  title: string;
  /** main_title.desc: one short line under the title. */
  description?: string;
  /** sub_title_text: the longer body text. */
  subTitle?: string;
  /** source.desc: who the card is from (the app name). */
  sourceDesc?: string;
  horizontalContent?: { keyname: string; value: string }[];
  /** quote_area.quote_text. */
  quote?: string;
  buttons: CardButton[];
}

/** A button_interaction template card; a click comes back as template_card_event with the key and task_id. */
export function buttonCard(input: ButtonCardInput): Record<string, unknown> {
  if (!TASK_ID_PATTERN.test(input.taskId)) {
    throw new ValidationError('taskId', 'task_id_format', 'task_id must be 1–128 of A-Z a-z 0-9 _ - @');
  }
  if (input.buttons.length < 1 || input.buttons.length > MAX_BUTTONS) {
    throw new ValidationError('buttons', 'button_count', `a card needs 1 to ${MAX_BUTTONS} buttons`);
  }
  const keys = new Set(input.buttons.map((b) => b.key));
  if (keys.size !== input.buttons.length || input.buttons.some((b) => !b.key)) {
    throw new ValidationError('buttons', 'button_key_unique', 'every button needs its own non-empty key');
  }
  if (input.buttons.some((b) => Buffer.byteLength(b.key, 'utf8') > 1024)) {
    throw new ValidationError('buttons', 'button_key_length', 'a button key is at most 1024 bytes');
  }
  const horizontal = input.horizontalContent ?? [];
  if (horizontal.length > MAX_HORIZONTAL_CONTENT) {
    throw new ValidationError(
      'horizontalContent',
      'horizontal_content_count',
      `at most ${MAX_HORIZONTAL_CONTENT} horizontal_content_list rows`,
    );
  }

  const card: Record<string, unknown> = {
    card_type: 'button_interaction',
    main_title: { title: input.title, ...(input.description ? { desc: input.description } : {}) },
    task_id: input.taskId,
    button_list: input.buttons.map((b) => ({ text: b.text, style: b.style ?? 1, key: b.key })),
  };
  if (input.sourceDesc) card.source = { desc: input.sourceDesc };
  if (input.subTitle) card.sub_title_text = input.subTitle;
  if (horizontal.length) card.horizontal_content_list = horizontal.map((h) => ({ ...h }));
  if (input.quote) card.quote_area = { type: 0, quote_text: input.quote };
  return { touser: input.toUser, msgtype: 'template_card', template_card: card };
}

/** A stable task_id for a message's dedupe key: a resend of the same card reuses it. */
export function taskIdFor(dedupeKey: string): string {
  return `card_${createHash('sha1').update(dedupeKey, 'utf8').digest('hex')}`;
}

/**
 * message/update_template_card that greys out the buttons for these members with replace_name.
 * `responseCodeFrom` names the outbox message that sent the card: the worker fills in its
 * response_code at send time, since it is only known once that card went out.
 */
export function replaceButtons(
  input: { userIds: string[]; replaceName: string } & (
    { responseCode: string } | { responseCodeFrom: string }
  ),
): Record<string, unknown> {
  const code =
    'responseCode' in input
      ? { response_code: input.responseCode }
      : { responseCodeFrom: input.responseCodeFrom };
  return { userids: input.userIds, ...code, button: { replace_name: input.replaceName } };
}
