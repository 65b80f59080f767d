import type { Context, Next } from 'koa';
import { DEFAULT_LOCALE, isLocale, wordsFor, type Catalogue, type Locale } from '../../../../shared/locale';
import { supportWords, type SupportWords } from '../../../../domain/support/support-words';
import type { DashboardWords } from './words/dashboard-words';
import { EN } from './words/en';
import { ZH_CN } from './words/zh-cn';

/** The dashboard's words, one language at a time. */
export const DASHBOARD_WORDS: Catalogue<DashboardWords> = { 'zh-CN': ZH_CN, en: EN };

/** Each language's name in itself: the switch offers it to someone who may not read the current one. */
export const LANGUAGE_NAMES: Record<Locale, string> = { 'zh-CN': '中文', en: 'English' };

/** The language a person picked, per browser; not a secret, but only this dashboard reads it. */
export const LOCALE_COOKIE = 'admin_locale';

/**
 * Puts the reader's language on `ctx.state.locale`: the cookie's, when it names a language the
 * dashboard speaks; otherwise (none, or an unknown or tampered value) dashboard.locale.
 */
export function dashboardLocale(fallback: Locale) {
  return async (ctx: Context, next: Next): Promise<void> => {
    const picked = ctx.cookies.get(LOCALE_COOKIE);
    ctx.state.locale = isLocale(picked) ? picked : fallback;
    await next();
  };
}

/** The language this page renders in. */
export function pageLocale(ctx: Context): Locale {
  const locale: unknown = ctx.state.locale;
  return isLocale(locale) ? locale : DEFAULT_LOCALE;
}

export function pageWords(ctx: Context): DashboardWords {
  return wordsFor(DASHBOARD_WORDS, pageLocale(ctx));
}

/** Where the switch on this page should come back to: the page itself, without a one-time notice. */
export function switchBack(ctx: Context): string {
  // A page answering a form post (a refused action, a check's result) returns to the form's page.
  const from = ctx.method === 'GET' ? ctx.originalUrl : ctx.get('referer') || '/admin';
  let url: URL;
  try {
    url = new URL(from, 'http://dashboard.invalid');
  } catch {
    // A Referer that is no URL at all: the overview is as good a place as any to come back to.
    return '/admin';
  }
  url.searchParams.delete('done');
  return url.pathname + url.search;
}

/** What a page renderer needs to speak: the locale, the page's words and support's words for states. */
export interface PageText {
  locale: Locale;
  w: DashboardWords;
  s: SupportWords;
}

export function pageText(ctx: Context): PageText {
  return textFor(pageLocale(ctx));
}

export function textFor(locale: Locale): PageText {
  return { locale, w: wordsFor(DASHBOARD_WORDS, locale), s: supportWords(locale) };
}
