import type { Locale } from '../../src/shared/locale';

/** What a locale's text must not contain: zh-CN no English word (two Latin letters or more), en no Chinese. */
export const FOREIGN: Record<Locale, RegExp> = { 'zh-CN': /[A-Za-z]{2,}/, en: /\p{Script=Han}/u };

/** The texts that mix in the other language once the data (names, ids, times) is taken out. */
export function foreignTexts<T extends { text: string }>(
  locale: Locale,
  texts: readonly T[],
  data: readonly RegExp[] = [],
): T[] {
  const withoutData = (t: string) => data.reduce((s, re) => s.replace(re, ''), t);
  return texts.filter((t) => FOREIGN[locale].test(withoutData(t.text)));
}
