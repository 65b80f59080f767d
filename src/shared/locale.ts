/**
 * The languages the bot speaks, and the one mechanism every catalogue of words uses: one set of
 * words per locale, each of the same shape, so a missing translation is a type error.
 */
export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'zh-CN';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** Words of one kind (a card, the chat, a page) in every locale. */
export type Catalogue<T> = Readonly<Record<Locale, T>>;

/** The words of a catalogue in one locale; an unknown locale (an old record) reads the default. */
export function wordsFor<T>(catalogue: Catalogue<T>, locale: string | undefined): T {
  return catalogue[isLocale(locale) ? locale : DEFAULT_LOCALE];
}
