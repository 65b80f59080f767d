import {
  CARD_LIMITS,
  cardLimitViolations,
  charCount,
  TEXT_MAX_BYTES,
} from '../../../../src/domain/card-limits';
import { LOCALES } from '../../../../src/shared/locale';
import { foreignTexts } from '../../../helpers/one-language';
import { renderAll } from './every-message';

/** The strings of a card an admin reads (not its keys, ids or recipient). */
function cardTexts(card: Record<string, unknown>): string[] {
  const c = (card as { template_card: Record<string, any> }).template_card; // eslint-disable-line @typescript-eslint/no-explicit-any
  return [
    c.source?.desc,
    c.main_title?.title,
    c.main_title?.desc,
    c.sub_title_text,
    ...(c.horizontal_content_list ?? []).flatMap((r: { keyname: string; value: string }) => [
      r.keyname,
      r.value,
    ]),
    ...(c.button_list ?? []).map((b: { text: string }) => b.text),
  ].filter((t): t is string => typeof t === 'string');
}

/** Data the words carry as they are (a time zone, an app's name): not the bot's language. */
const DATA = [/Asia\/Shanghai/g, /Helpdesk/g, /H{5,}…?/g, /alice/g];

describe.each(LOCALES)('every card and text in %s', (locale) => {
  const rendered = renderAll(locale);

  it('renders a good number of each', () => {
    expect(rendered.cards.length).toBeGreaterThan(100);
    expect(rendered.labels.length).toBeGreaterThan(30);
    expect(rendered.texts.length).toBeGreaterThan(100);
  });

  it("keeps every card field within WeCom's documented limits", () => {
    const over = rendered.cards.flatMap(({ name, card }) =>
      cardLimitViolations((card as { template_card: object }).template_card).map((v) => ({ name, ...v })),
    );
    expect(over).toEqual([]);
  });

  it('keeps every greyed-out button label within the button limit', () => {
    const over = rendered.labels.filter((l) => charCount(l.text) > CARD_LIMITS.replaceName);
    expect(over).toEqual([]);
  });

  it('keeps every text within 2048 bytes', () => {
    const over = rendered.texts.filter((t) => Buffer.byteLength(t.text, 'utf8') > TEXT_MAX_BYTES);
    expect(over.map((t) => t.name)).toEqual([]);
  });

  it('speaks one language', () => {
    const all = [
      ...rendered.cards.flatMap(({ name, card }) => cardTexts(card).map((text) => ({ name, text }))),
      ...rendered.labels,
      ...rendered.texts,
    ];
    // zh-CN: no English word (two Latin letters or more); en: no Chinese character at all, WeCom's
    // own screens named by their English labels (Admin › Apps › Visibility, Permission change).
    expect(foreignTexts(locale, all, DATA)).toEqual([]);
  });
});

describe('the checks can fail', () => {
  it('finds English in Chinese and Chinese in English', () => {
    const one = (text: string) => [{ text }];
    expect(foreignTexts('zh-CN', one('已扩大 / Widened'), DATA)).toHaveLength(1);
    expect(foreignTexts('en', one('agree in WeCom’s 权限变更 notice'), DATA)).toHaveLength(1);
    expect(foreignTexts('zh-CN', one('将于 2026-01-08 10:00（Asia/Shanghai）提醒您'), DATA)).toEqual([]);
  });

  it('finds an overlong field and an overlong row key', () => {
    expect(
      cardLimitViolations({
        main_title: { title: 'x'.repeat(27) },
        horizontal_content_list: [{ keyname: '当前可见范围', value: 'v' }],
        button_list: [{ text: '三天后再提醒 / Remind me in 3 days' }],
      }).map((v) => v.field),
    ).toEqual(['main_title.title', 'horizontal_content_list[0].keyname', 'button_list[0].text']);
  });
});
