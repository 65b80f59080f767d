import { randomBytes } from 'node:crypto';
import type { Context } from 'koa';
import { LOCALES } from '../../../../shared/locale';
import { html, trusted, type Html } from './html';
import { LANGUAGE_NAMES, pageLocale, pageWords, switchBack } from './page-locale';
import { STYLES } from './styles';

export type NavKey = 'overview' | 'enterprises' | 'check-config';

export interface Notice {
  kind: 'ok' | 'error';
  text: string;
}

export interface PageOptions {
  title: string;
  nav?: NavKey;
  notice?: Notice;
  status?: number;
  /** Trusted inline script (this codebase's own); it runs under a per-response CSP nonce. */
  script?: string;
  /** The login page has no nav: the visitor is not signed in. */
  bare?: boolean;
}

const NAV: readonly { key: NavKey; href: string; label: 'overview' | 'enterprises' | 'checkConfig' }[] = [
  { key: 'overview', href: '/admin', label: 'overview' },
  { key: 'enterprises', href: '/admin/enterprises', label: 'enterprises' },
  { key: 'check-config', href: '/admin/check-config', label: 'checkConfig' },
];

/** Writes a full page with headers that keep it out of caches, frames and other origins' scripts. */
export function sendPage(ctx: Context, body: Html, opts: PageOptions): void {
  const nonce = randomBytes(16).toString('base64');
  ctx.status = opts.status ?? 200;
  ctx.type = 'text/html; charset=utf-8';
  ctx.set('Cache-Control', 'no-store');
  ctx.set('X-Frame-Options', 'DENY');
  ctx.set('X-Content-Type-Options', 'nosniff');
  ctx.set('Referrer-Policy', 'same-origin');
  ctx.set(
    'Content-Security-Policy',
    [
      "default-src 'none'",
      "style-src 'unsafe-inline'",
      `script-src 'nonce-${nonce}'`,
      "connect-src 'self'",
      "img-src 'self' data:",
      "form-action 'self'",
      "frame-ancestors 'none'",
      "base-uri 'none'",
    ].join('; '),
  );
  ctx.body = layout(ctx, body, opts, nonce).value;
}

function layout(ctx: Context, body: Html, opts: PageOptions, nonce: string): Html {
  const locale = pageLocale(ctx);
  const w = pageWords(ctx);
  const nav = opts.bare
    ? ''
    : html`<nav>
        ${NAV.map(
          (n) =>
            html`<a href="${n.href}" ${opts.nav === n.key ? trusted('aria-current="page"') : ''}
              >${w.nav[n.label]}</a
            >`,
        )}
        <a href="/admin/logout">${w.nav.logout}</a>
      </nav>`;
  // Each other language by its own name, so someone who cannot read this page still finds theirs.
  const back = encodeURIComponent(switchBack(ctx));
  const languages = html`<nav class="languages" id="language-switch" aria-label="${w.language}">
    ${LOCALES.filter((l) => l !== locale).map(
      (l) =>
        html`<a href="/admin/language?to=${l}&amp;back=${back}" lang="${l}" hreflang="${l}"
          >${LANGUAGE_NAMES[l]}</a
        >`,
    )}
  </nav>`;
  const notice = opts.notice
    ? html`<p class="flash ${opts.notice.kind}" role="status">${opts.notice.text}</p>`
    : '';
  const script = opts.script
    ? html`<script nonce="${nonce}">
        ${trusted(opts.script)};
      </script>`
    : '';
  return html`<!doctype html>
    <html lang="${locale}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${opts.title} · ${w.brand}</title>
        <style>
          ${trusted(STYLES)}
        </style>
      </head>
      <body>
        <header><span class="brand">${w.brand}</span>${nav}${languages}</header>
        <main>
          <h1>${opts.title}</h1>
          ${notice} ${body}
        </main>
        ${script}
      </body>
    </html>`;
}
