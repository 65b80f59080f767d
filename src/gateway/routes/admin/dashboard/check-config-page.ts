import type Router from '@koa/router';
import type { Context } from 'koa';
import {
  CONFIG_LIMITS,
  CONFIG_RULES,
  checkConfig,
  parseConfigCheckInput,
  type ConfigCheckResult,
} from '../../../../domain/config-check/check-config';
import { AppError } from '../../../../shared/errors';
import type { Locale } from '../../../../shared/locale';
import { html, type Html } from './html';
import { sendPage, type Notice } from './layout';
import { pageText } from './page-locale';
import { describeError, htmlErrors } from './respond';
import type { DashboardWords } from './words/dashboard-words';

const TEXT_FIELDS = ['name', 'intro', 'callbackUrl', 'homepageUrl', 'trustedDomain'] as const;
type FormValues = { kind: string; ipWhitelist: string } & Record<(typeof TEXT_FIELDS)[number], string>;

/**
 * A logo this big would push the form past the admin body limit (2 MB) once in base64 and
 * url-encoded; the browser says so itself instead of the upload failing as a whole.
 */
const LOGO_UPLOAD_MAX_BYTES = Math.floor(1.4 * 1024 * 1024);

/**
 * The pre-review configuration check as a form. No multipart here: a few lines of script read the
 * chosen logo with FileReader into a hidden base64 field, and the server renders every problem.
 */
export function registerCheckConfigPage(router: Router): void {
  router.get(
    '/admin/check-config',
    htmlErrors((ctx) => render(ctx, emptyForm())),
  );

  router.post(
    '/admin/check-config',
    htmlErrors((ctx) => {
      const body = (ctx.request.body ?? {}) as Record<string, unknown>;
      const values = formValues(body);
      const logo = typeof body.logo === 'string' && body.logo ? body.logo : undefined;
      const input: Record<string, unknown> = { kind: values.kind };
      for (const f of TEXT_FIELDS) if (values[f].trim()) input[f] = values[f];
      const ips = values.ipWhitelist.split(/[\s,;，；]+/).filter(Boolean);
      if (ips.length > 0) input.ipWhitelist = ips;
      if (logo) input.logo = logo;
      if (Object.keys(input).length === 1) {
        const text = pageText(ctx).w.checkConfig.nothingToCheck;
        return render(ctx, values, { notice: { kind: 'error', text } }, 400);
      }
      try {
        render(ctx, values, { result: checkConfig(parseConfigCheckInput(input)), logoBytes: logoSize(logo) });
      } catch (err) {
        if (!(err instanceof AppError && err.expose)) throw err;
        const { w, locale } = pageText(ctx);
        const text = describeError(err, w, locale);
        render(ctx, values, { notice: { kind: 'error', text } }, err.status);
      }
    }),
  );
}

function emptyForm(): FormValues {
  return {
    kind: 'app',
    name: '',
    intro: '',
    callbackUrl: '',
    homepageUrl: '',
    trustedDomain: '',
    ipWhitelist: '',
  };
}

function formValues(body: Record<string, unknown>): FormValues {
  const text = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : '');
  const values = emptyForm();
  values.kind = text('kind');
  for (const f of TEXT_FIELDS) values[f] = text(f);
  values.ipWhitelist = text('ipWhitelist');
  return values;
}

/** Decoded size, for the "logo checked" line (base64: 3 bytes per 4 characters, less the padding). */
function logoSize(logo: string | undefined): number | undefined {
  if (!logo) return undefined;
  return Math.floor((logo.length * 3) / 4) - (logo.endsWith('==') ? 2 : logo.endsWith('=') ? 1 : 0);
}

interface Outcome {
  result?: ConfigCheckResult;
  logoBytes?: number;
  notice?: Notice;
}

function render(ctx: Context, v: FormValues, outcome: Outcome = {}, status = 200): void {
  const { locale, w } = pageText(ctx);
  const t = w.checkConfig;
  const lang = locale === 'en' ? 'en' : 'zh';
  const field = (name: (typeof TEXT_FIELDS)[number], label: string, hint: string, type = 'text') =>
    html`<div>
      <label for="${name}">${label}</label>
      <input type="${type}" id="${name}" name="${name}" value="${v[name]}" />
      <small>${hint}</small>
    </div>`;
  const L = CONFIG_LIMITS;
  const body = html`<form method="post" action="/admin/check-config" class="stack" id="check-config">
      <div>
        <label for="kind">${t.kind}</label>
        <select id="kind" name="kind">
          <option value="app" ${v.kind === 'app' ? html`selected` : ''}>${t.app}</option>
          <option value="template" ${v.kind === 'template' ? html`selected` : ''}>${t.template}</option>
        </select>
      </div>
      ${field('name', t.name, t.nameHint(L.nameMin, L.nameMax))}
      <div>
        <label for="intro">${t.intro}</label>
        <textarea id="intro" name="intro" rows="2">${v.intro}</textarea>
        <small>${t.introHint(L.introMin, L.introMax.template, L.introMax.app)}</small>
      </div>
      ${field('callbackUrl', t.callbackUrl, 'https://…')} ${field('homepageUrl', t.homepageUrl, 'https://…')}
      ${field('trustedDomain', t.trustedDomain, t.trustedDomainHint)}
      <div>
        <label for="ipWhitelist">${t.ipWhitelist}</label>
        <textarea id="ipWhitelist" name="ipWhitelist" rows="3">${v.ipWhitelist}</textarea>
        <small>${t.ipWhitelistHint}</small>
      </div>
      <div>
        <label for="logo-file">${t.logo(L.logoSide)}</label>
        <input type="file" id="logo-file" accept="image/png,image/jpeg" />
        <input type="hidden" id="logo" name="logo" />
      </div>
      <button type="submit" id="check-submit">${t.check}</button>
    </form>
    ${outcome.result ? results(outcome.result, outcome.logoBytes, w, locale) : ''}
    <details>
      <summary>${t.everyRule}</summary>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th>${t.rule}</th>
              <th>${t.field}</th>
              <th>${t.appliesTo}</th>
              <th>${t.description}</th>
            </tr>
          </thead>
          <tbody>
            ${CONFIG_RULES.map(
              (r) =>
                html`<tr>
                  <td><code>${r.rule}</code></td>
                  <td>${r.field}</td>
                  <td>${r.appliesTo.map((k) => t[k]).join(', ')}</td>
                  <td>${r.description[lang]}</td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
    </details>`;
  sendPage(ctx, body, {
    title: t.title,
    nav: 'check-config',
    notice: outcome.notice,
    status,
    script: logoScript(t.logoTooLarge),
  });
}

function results(
  result: ConfigCheckResult,
  logoBytes: number | undefined,
  w: DashboardWords,
  locale: Locale,
): Html {
  const t = w.checkConfig;
  const logo = logoBytes === undefined ? '' : html`<p class="muted">${t.logoChecked(logoBytes)}</p>`;
  if (result.ok) {
    return html`<h2>${t.result}</h2>
      ${logo}
      <p class="flash ok" id="check-ok">${t.noProblems}</p>`;
  }
  return html`<h2>${t.problems(result.problems.length)}</h2>
    ${logo}
    <div class="table-wrap">
      <table class="cards" id="problems">
        <thead>
          <tr>
            <th>${t.field}</th>
            <th>${t.rule}</th>
            <th>${t.message}</th>
          </tr>
        </thead>
        <tbody>
          ${result.problems.map(
            (p) =>
              html`<tr>
                <td data-label="${t.field}"><code>${p.field}</code></td>
                <td data-label="${t.rule}"><code>${p.rule}</code></td>
                <td data-label="${t.message}">${locale === 'en' ? p.messages.en : p.messages.zh}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
}

/** Reads the chosen logo into the hidden field as base64; the submit waits until it is read. */
function logoScript(message: string): string {
  // Inside the page's own script: JSON keeps it one string literal, and no data ever comes here.
  const tooLarge = JSON.stringify(message).replace(/</g, '\\u003c');
  return `(function () {
  var file = document.getElementById('logo-file');
  var hidden = document.getElementById('logo');
  var submit = document.getElementById('check-submit');
  file.addEventListener('change', function () {
    hidden.value = '';
    file.setCustomValidity('');
    var chosen = file.files && file.files[0];
    if (!chosen) return;
    if (chosen.size > ${LOGO_UPLOAD_MAX_BYTES}) { file.setCustomValidity(${tooLarge}); file.reportValidity(); return; }
    submit.disabled = true;
    var reader = new FileReader();
    reader.onload = function () { hidden.value = String(reader.result).split(',')[1] || ''; submit.disabled = false; };
    reader.onerror = function () { submit.disabled = false; };
    reader.readAsDataURL(chosen);
  });
})();`;
}
