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
import { html, type Html } from './html';
import { sendPage, type Notice } from './layout';
import { describeError, htmlErrors } from './respond';

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
        return render(ctx, values, { notice: { kind: 'error', text: NOTHING_TO_CHECK } }, 400);
      }
      try {
        render(ctx, values, { result: checkConfig(parseConfigCheckInput(input)), logoBytes: logoSize(logo) });
      } catch (err) {
        if (!(err instanceof AppError && err.expose)) throw err;
        render(ctx, values, { notice: { kind: 'error', text: describeError(err) } }, err.status);
      }
    }),
  );
}

const NOTHING_TO_CHECK = '请至少填写一项 / Fill in at least one field to check';

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
  const field = (name: (typeof TEXT_FIELDS)[number], label: string, hint: string, type = 'text') =>
    html`<div>
      <label for="${name}">${label}</label>
      <input type="${type}" id="${name}" name="${name}" value="${v[name]}" />
      <small>${hint}</small>
    </div>`;
  const body = html`<form method="post" action="/admin/check-config" class="stack" id="check-config">
      <div>
        <label for="kind">类型 / Kind</label>
        <select id="kind" name="kind">
          <option value="app" ${v.kind === 'app' ? html`selected` : ''}>代开发应用 / App</option>
          <option value="template" ${v.kind === 'template' ? html`selected` : ''}>
            代开发应用模版 / Template
          </option>
        </select>
      </div>
      ${field('name', '名称 / Name', `${CONFIG_LIMITS.nameMin}–${CONFIG_LIMITS.nameMax} 个字 / characters`)}
      <div>
        <label for="intro">简介 / Intro</label>
        <textarea id="intro" name="intro" rows="2">${v.intro}</textarea>
        <small
          >模版 template ${CONFIG_LIMITS.introMin}–${CONFIG_LIMITS.introMax.template}，应用 app
          ${CONFIG_LIMITS.introMin}–${CONFIG_LIMITS.introMax.app}</small
        >
      </div>
      ${field('callbackUrl', '回调 URL / Callback URL', 'https://…')}
      ${field('homepageUrl', '应用主页 / Homepage URL（应用 app）', 'https://…')}
      ${field('trustedDomain', '可信域名 / Trusted domain（应用 app）', '不带 http:// 或 https:// / without the scheme')}
      <div>
        <label for="ipWhitelist">IP 白名单 / IP whitelist（应用 app，可选 optional）</label>
        <textarea id="ipWhitelist" name="ipWhitelist" rows="3">${v.ipWhitelist}</textarea>
        <small>每行一个 IPv4 / one IPv4 address per line</small>
      </div>
      <div>
        <label for="logo-file"
          >Logo（jpg/png，${CONFIG_LIMITS.logoSide}×${CONFIG_LIMITS.logoSide}，≤ 1 MB）</label
        >
        <input type="file" id="logo-file" accept="image/png,image/jpeg" />
        <input type="hidden" id="logo" name="logo" />
      </div>
      <button type="submit" id="check-submit">检查 / Check</button>
    </form>
    ${outcome.result ? results(outcome.result, outcome.logoBytes) : ''}
    <details>
      <summary>全部规则 / Every rule</summary>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th>规则 Rule</th>
              <th>字段 Field</th>
              <th>适用 Applies to</th>
              <th>说明 Description</th>
            </tr>
          </thead>
          <tbody>
            ${CONFIG_RULES.map(
              (r) =>
                html`<tr>
                  <td><code>${r.rule}</code></td>
                  <td>${r.field}</td>
                  <td>${r.appliesTo.join(', ')}</td>
                  <td>${r.description}</td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
    </details>`;
  sendPage(ctx, body, {
    title: '配置检查 / Configuration check',
    nav: 'check-config',
    notice: outcome.notice,
    status,
    script: logoScript(),
  });
}

function results(result: ConfigCheckResult, logoBytes: number | undefined): Html {
  const logo =
    logoBytes === undefined
      ? ''
      : html`<p class="muted">已检查 logo / logo checked: ${logoBytes} 字节 bytes</p>`;
  if (result.ok) {
    return html`<h2>结果 / Result</h2>
      ${logo}
      <p class="flash ok" id="check-ok">没有发现问题 / No problems found</p>`;
  }
  return html`<h2>结果 / Result：${result.problems.length} 个问题 / problems</h2>
    ${logo}
    <div class="table-wrap">
      <table class="cards" id="problems">
        <thead>
          <tr>
            <th>字段 Field</th>
            <th>规则 Rule</th>
            <th>说明 Message</th>
          </tr>
        </thead>
        <tbody>
          ${result.problems.map(
            (p) =>
              html`<tr>
                <td data-label="字段 Field"><code>${p.field}</code></td>
                <td data-label="规则 Rule"><code>${p.rule}</code></td>
                <td data-label="说明 Message">${p.message}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
}

/** Reads the chosen logo into the hidden field as base64; the submit waits until it is read. */
function logoScript(): string {
  const tooLarge = JSON.stringify(
    `logo 须在 1 MB 以内，文件过大无法检查 / logo must be at most 1 MB; this file is too large to check`,
  );
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
