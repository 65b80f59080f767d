import type { InboxView } from './enterprise-controls';
import type { CorpSnapshot, WorldSnapshot } from './world-snapshot';

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

const esc = escapeHtml;
const seg = (s: string) => esc(encodeURIComponent(s));
const json = (v: unknown) => esc(JSON.stringify(v));
const PUBLISH_STATUS: Record<number, string> = {
  0: '待开发 waiting',
  1: '开发中 developing',
  2: '已上线 online',
  3: '已上线，有未发布版本 online, new version pending',
};

/**
 * The simulator's page at GET /: server-rendered, no build step, small vanilla JS that posts to
 * /sim/api and reloads. Every value from the world goes through escapeHtml.
 */
export function renderAdminPage(world: WorldSnapshot): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>企业微信模拟器 WeCom simulator</title>
<style>${STYLE}</style>
</head>
<body>
<header>
  <h1>企业微信模拟器 <small>WeCom simulator</small></h1>
  <p>时间 Now: <b>${esc(world.now)}</b> · 机器人 Bot: <code>${esc(world.botBaseUrl ?? '未设置 not set')}</code>
  ${world.botBaseUrl ? `· <a href="${esc(world.botBaseUrl)}/admin">客服后台 Support dashboard</a>` : ''}
  · <a href="">刷新 Refresh</a></p>
  ${world.manualClock ? clockControls() : ''}
  <p id="status" role="status"></p>
</header>
<main>
${providerSection(world)}
${world.corps.map(corpSection).join('\n')}
${alertsSection(world)}
${activitySection(world)}
</main>
<script>${SCRIPT}</script>
</body>
</html>`;
}

function clockControls(): string {
  const step = (ms: number, label: string) =>
    `<button data-post="/sim/api/clock/advance" data-body="${json({ ms })}">${esc(label)}</button>`;
  return `<p>拨快时钟 Advance clock: ${step(3_600_000, '+1 小时 hour')} ${step(86_400_000, '+1 天 day')}</p>`;
}

function providerSection(world: WorldSnapshot): string {
  const templates = world.templates.map(
    (t) => `<div class="card">
  <h3>${esc(t.name)} <small><code>${esc(t.suiteId)}</code></small></h3>
  <p>最近 suite_ticket Last ticket: ${esc(t.lastTicketAt ?? '—')}
    <button data-post="/sim/api/templates/${seg(t.suiteId)}/suite-ticket">推送 suite_ticket · Push ticket</button></p>
  <form data-post="/sim/api/templates/${seg(t.suiteId)}/authorize">
    <b>新企业授权 Authorize as a new enterprise</b>
    <label>企业名称 Enterprise name <input name="corpName" required></label>
    <label>管理员 Admins <input name="admins" data-kind="list" required placeholder="zhangsan, lisi"></label>
    <label>其他成员 Other members <input name="members" data-kind="list" placeholder="wangwu, zhaoliu"></label>
    <button>扫码授权 Authorize</button>
  </form>
</div>`,
  );
  const corps = world.corps.map(
    (
      c,
    ) => `<li><b>${esc(c.corpName)}</b> <code>${esc(c.corpId)}</code> · ${esc(PUBLISH_STATUS[c.publishStatus])}
  ${c.cancelled ? '· <b>已取消授权 cancelled</b>' : providerCorpActions(c)}</li>`,
  );
  return `<section>
<h2>服务商 Provider</h2>
${templates.join('\n') || '<p>还没有模版 No template yet (addTemplate / POST /sim/api/templates).</p>'}
<h3>已授权企业 Authorized enterprises</h3>
<ul>${corps.join('\n') || '<li>无 none</li>'}</ul>
</section>`;
}

function providerCorpActions(c: CorpSnapshot): string {
  const online =
    c.publishStatus < 2
      ? `<button data-post="/sim/api/corps/${seg(c.corpId)}/online">上线 Put online</button>`
      : '';
  return `${online}
  <form class="inline" data-post="/sim/api/corps/${seg(c.corpId)}/permission-change">
    <label>权限变更 Permission change <input name="permissions" data-kind="list" required placeholder="customer_contact"></label>
    <button>提交 File</button>
  </form>`;
}

function corpSection(c: CorpSnapshot): string {
  const base = `/sim/api/corps/${seg(c.corpId)}`;
  const visibility = [
    ...c.visibility.users.map((u) => `成员 ${u}`),
    ...c.visibility.parties.map((p) => `部门 ${c.departments.find((d) => d.id === p)?.name ?? p} (${p})`),
    ...c.visibility.tags.map((t) => `标签 tag ${t}`),
  ];
  const controls = c.cancelled
    ? ''
    : `<div class="card">
  <h3>可见范围 Visibility range</h3>
  <p>${esc(visibility.join('、') || '空 empty')} → 可见成员 visible: ${esc(c.visibleUsers.join(', ') || '—')}</p>
  <form class="inline" data-post="${base}/visibility">
    <label>试点成员 Pilot members <input name="users" data-kind="list" required placeholder="${esc(c.admins.join(', '))}"></label>
    <button>设置 Set</button>
  </form>
  <form class="inline" data-post="${base}/visibility">
    <label>部门 Department <select name="parties" data-kind="numbers">${c.departments
      .map((d) => `<option value="${esc(d.id)}">${esc(d.name)} (${esc(d.id)})</option>`)
      .join('')}</select></label>
    <button>设置 Set</button>
  </form>
  <button data-post="${base}/visibility" data-body="${json({ parties: [1] })}">全公司 Whole company (party 1)</button>
</div>
<div class="card">
  <h3>管理员与权限 Admins and permissions</h3>
  <p>自定义权限 Custom permissions: ${esc(c.customPermissions.join(', ') || '无 none')}
   · 待企业确认 Waiting: ${esc(c.pendingPermissions.join(', ') || '无 none')}</p>
  <form class="inline" data-post="${base}/admins">
    <label>管理员 Admins <input name="admins" data-kind="list" required value="${esc(c.admins.join(', '))}"></label>
    <button>变更 Change</button>
  </form>
  <button class="danger" data-post="${base}/cancel" data-confirm="取消授权? Cancel the authorization?">取消授权 Cancel authorization</button>
</div>`;
  return `<section>
<h2>企业 Enterprise: ${esc(c.corpName)} <small><code>${esc(c.corpId)}</code> · agent ${esc(c.agentId)}
 · ${esc(PUBLISH_STATUS[c.publishStatus])}${c.cancelled ? ' · 已取消授权 cancelled' : ''}</small></h2>
${controls}
${c.inboxes.map((i) => inboxBlock(c, i.userId, i.entries)).join('\n')}
</section>`;
}

function inboxBlock(c: CorpSnapshot, userId: string, entries: InboxView[]): string {
  const base = `/sim/api/corps/${seg(c.corpId)}/users/${seg(userId)}`;
  const role = c.admins.includes(userId) ? '管理员 admin' : '成员 member';
  const reply = c.cancelled
    ? ''
    : `<form class="inline" data-post="${base}/text">
    <input name="content" required placeholder="同意 / 暂不授权 / 状态 / 帮助">
    <button>发送 Send</button>
  </form>`;
  return `<div class="card inbox">
  <h3>${esc(userId)} <small>${esc(role)}</small></h3>
  ${entries.map((e) => entryBlock(c, base, e)).join('\n') || '<p class="muted">没有消息 No messages</p>'}
  ${reply}
</div>`;
}

function entryBlock(c: CorpSnapshot, base: string, e: InboxView): string {
  const when = `<small class="muted">${esc(new Date(e.at).toISOString())}</small>`;
  if (e.msgtype === 'wecom_notice') {
    const pending = e.notice?.pending ?? [];
    const buttons =
      pending.length && !c.cancelled
        ? `<button data-post="/sim/api/corps/${seg(c.corpId)}/permissions/grant">同意 Approve</button>
      <button data-post="/sim/api/corps/${seg(c.corpId)}/permissions/deny">暂不授权 Not now</button>`
        : `<small>${esc(pending.length ? '' : '已处理 decided')} ${esc(JSON.stringify(e.notice?.decisions ?? {}))}</small>`;
    return `<div class="msg notice"><b>企业微信通知 WeCom notice</b> ${when}<p>${esc(e.content)}</p>${buttons}</div>`;
  }
  if (e.msgtype === 'template_card' && e.card) {
    const card = e.card;
    const buttons =
      e.replacedName !== undefined
        ? `<button disabled>${esc(e.replacedName)}</button>`
        : (card.button_list ?? [])
            .map((b) =>
              b.type === 1
                ? `<span class="link">${esc(b.text)} (链接 link)</span>`
                : `<button ${c.cancelled ? 'disabled' : ''} data-post="${base}/click" data-body="${json({
                    taskId: card.task_id,
                    eventKey: b.key,
                  })}">${esc(b.text)}</button>`,
            )
            .join(' ');
    return `<div class="msg app"><b>${esc(card.main_title?.title ?? '')}</b> ${when}
    <p>${esc(card.main_title?.desc ?? '')}</p><p>${esc(card.sub_title_text ?? '')}</p>
    <p class="muted">卡片 card · task_id ${esc(card.task_id ?? '—')}</p>${buttons}
    <p class="muted">点按钮只通知机器人，授权请在企业微信通知中同意 · A tap only tells the bot; approve in the WeCom notice.</p></div>`;
  }
  const who = e.from === 'user' ? 'user' : 'app';
  return `<div class="msg ${who}">${when}<pre>${esc(e.content)}</pre>${e.msgtype === 'markdown' ? '<small class="muted">markdown</small>' : ''}</div>`;
}

function alertsSection(world: WorldSnapshot): string {
  const items = world.alerts.map(
    (a) =>
      `<li><small class="muted">${esc(new Date(a.at).toISOString())} · ${esc(a.key)} · ${esc(a.msgtype)}</small><pre>${esc(a.content)}</pre></li>`,
  );
  return `<section>
<h2>支持告警 Support alerts <small>(群机器人 group robot)</small></h2>
<p>Webhook keys (POST /cgi-bin/webhook/send?key=): ${esc(world.webhookKeys.join(', ') || '无 none')}
<button data-post="/sim/api/webhooks">新建群机器人 Add a webhook key</button></p>
<ul>${items.join('\n') || '<li>无 none</li>'}</ul>
</section>`;
}

function activitySection(world: WorldSnapshot): string {
  const callbacks = world.callbacks.map(
    (
      cb,
    ) => `<tr><td>${esc(new Date(cb.at).toISOString())}</td><td>${esc(cb.target)}</td><td>${esc(cb.kind)}</td>
<td>${esc(cb.corpId ?? cb.suiteId)}</td><td>${cb.outcome.ok ? '✓' : '✗'} ${esc(cb.outcome.status ?? cb.outcome.error)} ×${esc(cb.outcome.attempts)}</td></tr>`,
  );
  const calls = world.calls.map(
    (c) => `<tr><td>${esc(new Date(c.at).toISOString())}</td><td>${esc(c.method)} ${esc(c.path)}</td>
<td>${esc(c.status)}</td><td>${esc(c.errcode)}${c.injected ? ' (注入 injected)' : ''}</td></tr>`,
  );
  return `<section>
<h2>回调 Callbacks</h2>
<div class="scroll"><table><tr><th>时间 at</th><th>目标 target</th><th>类型 kind</th><th>企业 corp</th><th>结果 outcome</th></tr>
${callbacks.join('\n')}</table></div>
<h2>接口调用 API calls</h2>
<div class="scroll"><table><tr><th>时间 at</th><th>接口 API</th><th>HTTP</th><th>errcode</th></tr>${calls.join('\n')}</table></div>
<h3>故障注入 Failure injection</h3>
<p>待触发 Pending: <code>${esc(JSON.stringify(world.failures))}</code></p>
<form class="inline" data-post="/sim/api/failures">
  <label>路径 Path <input name="path" placeholder="message/send"></label>
  <label>errcode <input name="errcode" data-kind="number" placeholder="45009"></label>
  <label>HTTP <input name="httpStatus" data-kind="number" placeholder="502"></label>
  <label>次数 Times <input name="times" data-kind="number" value="1" required></label>
  <button>注入 Inject</button>
</form>
</section>`;
}

const STYLE = `
body{font-family:system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;margin:0;background:#f3f4f6;color:#111}
header,main{max-width:960px;margin:0 auto;padding:8px 12px}
h1{font-size:1.3rem}h2{font-size:1.1rem;margin-top:24px}h3{font-size:1rem;margin:4px 0}
small,.muted{color:#6b7280}
section{background:#fff;border-radius:8px;padding:8px 12px;margin:12px 0}
.card{border:1px solid #e5e7eb;border-radius:8px;padding:8px;margin:8px 0}
label{display:block;margin:4px 0}form.inline label{display:inline-block;margin-right:6px}
input,select{font-size:16px;padding:4px;max-width:100%}
button{font-size:15px;padding:6px 10px;margin:2px;border-radius:6px;border:1px solid #07c160;background:#07c160;color:#fff}
button[disabled]{background:#e5e7eb;border-color:#d1d5db;color:#6b7280}
button.danger{background:#dc2626;border-color:#dc2626}
.msg{border-left:3px solid #9ca3af;padding:4px 8px;margin:6px 0;background:#f9fafb}
.msg.app{border-color:#07c160}.msg.user{border-color:#2563eb;background:#eff6ff}.msg.notice{border-color:#f59e0b;background:#fffbeb}
pre{white-space:pre-wrap;margin:4px 0;font-family:inherit}
.scroll{overflow-x:auto}table{border-collapse:collapse;font-size:.85rem}td,th{border-bottom:1px solid #e5e7eb;padding:2px 6px;text-align:left}
#status{font-weight:bold}
`;

// Runs in the browser: posts forms and buttons as JSON to the control API, with the simulator's
// token from the page's own address, then reloads the page.
const SCRIPT = `
const simToken = new URLSearchParams(location.search).get('token') || '';
const statusEl = document.getElementById('status');
const saved = sessionStorage.getItem('simStatus');
if (saved) { statusEl.textContent = saved; sessionStorage.removeItem('simStatus'); }
function summary(text) {
  try {
    const data = JSON.parse(text);
    if (data && data.callback) {
      const cb = data.callback;
      return '回调 callback: ' + (cb.ok ? 'ok' : 'FAILED ' + (cb.error || '')) + ' (HTTP ' + cb.status + ', ' + cb.attempts + ' 次 attempts)';
    }
    if (data && data.key) return 'webhook key: ' + data.key;
  } catch (e) { /* not JSON */ }
  return 'ok';
}
async function post(url, body) {
  statusEl.textContent = '…';
  const headers = { 'content-type': 'application/json', 'x-sim-token': simToken };
  const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) { statusEl.textContent = '错误 Error ' + res.status + ': ' + text; return; }
  sessionStorage.setItem('simStatus', summary(text));
  location.reload();
}
document.addEventListener('click', (e) => {
  const b = e.target.closest('button[data-post]');
  if (!b) return;
  e.preventDefault();
  if (b.dataset.confirm && !confirm(b.dataset.confirm)) return;
  post(b.dataset.post, b.dataset.body ? JSON.parse(b.dataset.body) : {});
});
document.addEventListener('submit', (e) => {
  const f = e.target.closest('form[data-post]');
  if (!f) return;
  e.preventDefault();
  const body = {};
  for (const el of f.elements) {
    if (!el.name) continue;
    const raw = el.value.trim();
    if (raw === '') continue;
    const kind = el.dataset.kind;
    const list = raw.split(/[,，\\s]+/).filter(Boolean);
    body[el.name] = kind === 'list' ? list : kind === 'numbers' ? list.map(Number) : kind === 'number' ? Number(raw) : raw;
  }
  post(f.dataset.post, body);
});
`;
