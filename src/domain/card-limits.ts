/**
 * WeCom's documented limits for the fields of a button_interaction template card and for app
 * text messages, counted in characters (code points) as the docs say 字. Sources: message/send,
 * 模板卡片消息 › 按钮交互型 (developer.work.weixin.qq.com/document/path/90236; the 代开发 copy is
 * 96458); message/update_template_card (path/94888) names no length for button.replace_name, so it
 * is held to the length of the button it replaces.
 */
export const CARD_LIMITS = {
  /** source.desc: 建议不超过13个字. */
  sourceDesc: 13,
  /** main_title.title: 建议不超过26个字. */
  title: 26,
  /** main_title.desc: 建议不超过30个字. */
  titleDesc: 30,
  /** sub_title_text: 建议不超过112个字. */
  subTitle: 112,
  /** horizontal_content_list[].keyname: 建议不超过5个字. */
  keyname: 5,
  /** horizontal_content_list[].value: 建议不超过26个字. */
  value: 26,
  /** horizontal_content_list: 列表长度不超过6. */
  rows: 6,
  /** button_list[].text: 建议不超过10个字. */
  buttonText: 10,
  /** button_list: 列表长度不超过6. */
  buttons: 6,
  /** update_template_card button.replace_name: the button's own limit (94888 gives none). */
  replaceName: 10,
} as const;

/** text.content: 最长不超过2048个字节 (path/90236), UTF-8. */
export const TEXT_MAX_BYTES = 2048;

export type CardField = keyof typeof CARD_LIMITS;

export function charCount(text: string): number {
  return [...text].length;
}

/** The first wording that fits the field: a shorter one said the same, or a plainer one. */
export function firstThatFits(max: number, ...candidates: [string, ...string[]]): string {
  return candidates.find((c) => charCount(c) <= max) ?? candidates[candidates.length - 1]!;
}

/**
 * A name (the app's, the enterprise's: their data, not the bot's words) within a field: the only
 * text ever shortened, and visibly, with an ellipsis.
 */
export function fitName(name: string, max: number): string {
  const chars = [...name];
  return chars.length <= max ? name : `${chars.slice(0, max - 1).join('')}…`;
}

/** One field over WeCom's limit: where, how long, and the most it may be. */
export interface LimitViolation {
  field: string;
  length: number;
  max: number;
}

interface CardShape {
  source?: { desc?: unknown };
  main_title?: { title?: unknown; desc?: unknown };
  sub_title_text?: unknown;
  horizontal_content_list?: { keyname?: unknown; value?: unknown }[];
  button_list?: { text?: unknown }[];
}

/** Every field of a template card over its documented limit; none for a card within them all. */
export function cardLimitViolations(card: CardShape): LimitViolation[] {
  const found: LimitViolation[] = [];
  const check = (field: string, value: unknown, max: number): void => {
    if (typeof value !== 'string') return;
    const length = charCount(value);
    if (length > max) found.push({ field, length, max });
  };
  const count = (field: string, list: unknown[] | undefined, max: number): void => {
    if (list && list.length > max) found.push({ field, length: list.length, max });
  };
  check('source.desc', card.source?.desc, CARD_LIMITS.sourceDesc);
  check('main_title.title', card.main_title?.title, CARD_LIMITS.title);
  check('main_title.desc', card.main_title?.desc, CARD_LIMITS.titleDesc);
  check('sub_title_text', card.sub_title_text, CARD_LIMITS.subTitle);
  count('horizontal_content_list', card.horizontal_content_list, CARD_LIMITS.rows);
  card.horizontal_content_list?.forEach((row, i) => {
    check(`horizontal_content_list[${i}].keyname`, row.keyname, CARD_LIMITS.keyname);
    check(`horizontal_content_list[${i}].value`, row.value, CARD_LIMITS.value);
  });
  count('button_list', card.button_list, CARD_LIMITS.buttons);
  card.button_list?.forEach((b, i) => check(`button_list[${i}].text`, b.text, CARD_LIMITS.buttonText));
  return found;
}
