import type Router from '@koa/router';
import { ValidationError } from '../../../../shared/errors';
import { LOCALES, isLocale } from '../../../../shared/locale';
import { LOCALE_COOKIE } from './page-locale';
import { htmlErrors, safeBack } from './respond';

const A_YEAR_MS = 365 * 24 * 60 * 60 * 1000;

/**
 * GET /admin/language?to=<locale>&back=<path>: remembers the language in a cookie and returns to
 * the page the link was on. Reachable signed out (the sign-in page has the switch too); it changes
 * nothing but that preference, and `back` must be a local dashboard path (the sign-in page included).
 */
export function registerLanguageRoute(router: Router): void {
  router.get(
    '/admin/language',
    htmlErrors((ctx) => {
      const to = ctx.query.to;
      if (!isLocale(to)) {
        throw new ValidationError('to', 'one_of', LOCALES.join(' | '));
      }
      ctx.cookies.set(LOCALE_COOKIE, to, {
        path: '/admin',
        httpOnly: true,
        sameSite: 'strict',
        secure: ctx.secure,
        maxAge: A_YEAR_MS,
        overwrite: true,
      });
      ctx.redirect(safeBack(ctx.query.back, '/admin', { signIn: true }));
    }),
  );
}
