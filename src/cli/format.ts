import type { ConfigCheckResult } from '../domain/config-check/check-config';
import type { Rollout } from '../domain/model';
import { bilingualStageName } from '../domain/rollout/stage-name';
import { formatLocal } from '../domain/rollout/zoned-time';
import type { TimelineEntry } from '../domain/support/app-timeline';
import type {
  ActionDescriptor,
  EnterpriseDiagnosis,
  Finding,
  NeedsPerson,
  ToDoList,
  UncheckedList,
} from '../domain/support/diagnosis';
import type { Page } from '../domain/support/query-params';
import type {
  AppDetail,
  AppRow,
  BatchQrRow,
  EnterpriseRow,
  MessageRow,
  TemplateRow,
} from '../domain/support/support-queries';
import type { Overview } from '../domain/support/support-service';
import type { Json } from './backend';
import { table } from './table';

/** Human-readable output: aligned tables and short blocks, times in the bot's time zone. */
export function createFormat(timeZone: string) {
  const when = (iso: string | undefined): string => (iso ? formatLocal(new Date(iso), timeZone) : '—');

  function footer(p: { page: number; pageSize: number; total: number }): string {
    const more = p.page * p.pageSize < p.total ? `；下一页 / next: --page ${p.page + 1}` : '';
    return `第 ${p.page} 页，共 ${p.total} 条 / page ${p.page}, ${p.total} in all${more}`;
  }

  function rolloutCell(r: Json<AppRow>['rollout']): string {
    if (!r) return '—';
    return `${r.state} ${r.stageIndex + 1}/${r.stages}${r.stuck ? ' STUCK' : ''}`;
  }

  function enterprises(p: Json<Page<EnterpriseRow>>): string {
    const rows = p.items.map((e) => [
      e.corpId,
      e.corpName,
      e.authorization,
      e.apps.map((a) => `${a.suiteId}:${a.status}`).join(' '),
      String(e.pendingRequests),
      String(e.stuckRollouts),
    ]);
    return `${table(['CORP ID', '企业 NAME', 'AUTH', '应用 APPS', 'PENDING', 'STUCK'], rows)}\n${footer(p)}`;
  }

  function apps(p: Json<Page<AppRow>>): string {
    const rows = p.items.map((a) => [
      a.corpId,
      a.corpName,
      a.suiteId,
      a.status + (a.authorization === 'cancelled' ? ' (cancelled)' : ''),
      rolloutCell(a.rollout),
      a.pendingRequest ? a.pendingRequest.requested.join(',') : '—',
    ]);
    return `${table(['CORP ID', '企业 NAME', 'TEMPLATE', 'STATUS', 'ROLLOUT', 'PENDING'], rows)}\n${footer(p)}`;
  }

  function timeline(p: Json<Page<TimelineEntry>>): string {
    const rows = p.items.map((e) => [
      when(e.at),
      e.source,
      e.status ?? '',
      e.summary + (e.by ? ` (${e.by})` : '') + (e.detail ? ` — ${e.detail}` : ''),
    ]);
    return `${table(['AT', 'SOURCE', 'STATUS', 'WHAT'], rows)}\n${footer(p)}`;
  }

  function app(a: Json<AppDetail>, history: Json<Page<TimelineEntry>>): string {
    const lines = [
      `「${a.name}」 ${a.suiteId} / ${a.corpId}（${a.corpName}）`,
      `  状态 / status: ${a.statusLabel}${a.authorization === 'cancelled' ? '；已取消授权 / authorization cancelled' : ''}`,
      `  管理员 / admins: ${a.admins.join(', ') || '—'}`,
      `  授权 / authorized: ${when(a.authorizedAt)}；启用 / enabled: ${when(a.enabledAt)}`,
      `  扩大可见范围 / rollout: ${a.rollout ? `${a.rollout.stateLabel}, ${a.rollout.stage ?? '—'} (${a.rollout.stageIndex + 1}/${a.rollout.stages})` : '—'}`,
      `  自定义权限 / permissions: ${a.effectivePermissions.join(', ') || '—'}`,
    ];
    for (const r of a.requests.slice(0, 3)) {
      const answer = r.answer
        ? `；答复 / answer: ${r.answer.answer} by ${r.answer.by} (${r.answer.via})`
        : '';
      const evidence = r.evidence
        ? `；依据 / evidence: ${r.evidence.kind}${r.evidence.by ? ` (${r.evidence.by})` : ''}`
        : '';
      lines.push(
        `  权限申请 / request ${r.id}: ${r.requested.join(', ')} — ${r.stateLabel}${answer}${evidence}`,
      );
    }
    return `${lines.join('\n')}\n\n最近 / Latest:\n${timeline(history)}`;
  }

  function finding(x: Json<Finding> & { enterprises?: Json<NeedsPerson>['enterprises'] }): string {
    const lines = [`[${x.severity}] ${x.actorLabel} — ${x.rule}`, `  原因 / cause: ${x.cause}`];
    if (x.enterprises?.length)
      lines.push(
        `  企业 / enterprises: ${x.enterprises.map((e) => `${e.corpName} (${e.corpId})`).join(', ')}`,
      );
    else if (x.suiteId && !x.corpId) lines.push(`  模版 / template: ${x.suiteId}`);
    lines.push(`  下一步 / next: ${x.nextStep}`);
    if (x.action) lines.push(`  一键操作 / action: ${describeAction(x.action)}`);
    for (const e of x.evidence) lines.push(`    · ${e}`);
    return lines.join('\n');
  }

  function diagnosis(d: Json<EnterpriseDiagnosis>): string {
    const parts = [`${d.corpName} (${d.corpId}) — ${when(d.checkedAt)}`, `结论 / summary: ${d.summary}`];
    if (d.state.length) parts.push(`现状 / state:\n${d.state.map((s) => `  ${s}`).join('\n')}`);
    if (d.findings.length) parts.push(d.findings.map(finding).join('\n\n'));
    if (d.recentCallbacks.length) {
      const rows = d.recentCallbacks.map((e) => [when(e.at), e.kind, e.status, e.error ?? '']);
      parts.push(`最近回调 / recent callbacks:\n${table(['AT', 'KIND', 'STATUS', 'ERROR'], rows)}`);
    }
    if (d.recentErrors.length) {
      const rows = d.recentErrors.map((e) => [when(e.at), e.api, String(e.errcode), e.errmsg]);
      parts.push(`企业微信错误 / WeCom errors:\n${table(['AT', 'API', 'ERRCODE', 'ERRMSG'], rows)}`);
    }
    return parts.join('\n\n');
  }

  function needsPerson({ needsPerson: list, checkedEnterprises, notChecked }: Json<ToDoList>): string {
    if (list.length === 0 && notChecked.enterprises === 0)
      return '今天没有需要人工处理的事 / Nothing needs a person today';
    const parts = [`需要人工处理 / Needs a person (${list.length}):`, ...list.map(finding)];
    if (notChecked.enterprises > 0)
      parts.push(
        [
          `另有 ${notChecked.enterprises} 家企业可能需要人工处理，此处未检查（只诊断了最紧急的 ${checkedEnterprises} 家）/ ` +
            `${notChecked.enterprises} more enterprises may need a person, not checked here (only the ${checkedEnterprises} most urgent were diagnosed)`,
          ...notChecked.lists.map((l) => `  ${describeList(l.filter)} — ${l.enterprises}`),
        ].join('\n'),
      );
    return parts.join('\n\n');
  }

  function overview(o: Json<Overview>): string {
    const counts = (r: Record<string, number>) =>
      Object.entries(r)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ');
    return [
      `概览 / Overview — ${when(o.generatedAt)}`,
      `  应用 / apps: ${counts(o.apps.byStatus)}`,
      `  授权 / authorizations: ${counts(o.authorizations)}`,
      `  权限申请 / permission requests: ${counts(o.permissionRequests)}`,
      `  扩大可见范围 / rollouts: ${counts(o.rollouts.byState)}; stuck ${o.rollouts.stuck}`,
      `  阶段 / stages reached: ${counts(o.rollouts.byStage)}`,
      `  消息 / messages: ${counts(o.outbox)}`,
      '',
      needsPerson(o),
    ].join('\n');
  }

  function messages(p: Json<Page<MessageRow>>): string {
    const rows = p.items.map((m) => [
      m.id,
      when(m.createdAt),
      m.topic,
      m.toUser ?? m.ref ?? '—',
      m.status,
      m.lastError ?? '',
    ]);
    return `${table(['ID', 'CREATED', 'TOPIC', 'TO', 'STATUS', 'ERROR'], rows)}\n${footer(p)}`;
  }

  function rollout(r: Json<Rollout>): string {
    const stage = r.plan[r.stageIndex];
    const reached = stage ? bilingualStageName(stage) : '尚无 / none yet';
    return [
      `扩大可见范围 / rollout ${r.suiteId} / ${r.corpId}: ${r.state}`,
      `  计划 / plan: ${r.plan.map(bilingualStageName).join(' → ')}`,
      `  已达到 / reached: ${reached}；下次提醒 / next reminder: ${when(r.nextReminderAt)}`,
    ].join('\n');
  }

  function templates(list: Json<TemplateRow[]>): string {
    const rows = list.map((t) => [
      t.suiteId,
      t.name,
      t.status ?? '—',
      t.configured ? 'yes' : 'no',
      when(t.lastSuiteTicketAt),
      t.qrCode ?? '—',
    ]);
    return table(['SUITE ID', '名称 NAME', 'STATUS', 'CONFIGURED', 'LAST TICKET', 'QR'], rows);
  }

  function batchQrCodes(list: Json<BatchQrRow[]>): string {
    const rows = list.map((q) => [
      q.id,
      q.suiteIds.join(','),
      when(q.createdAt),
      when(q.expiresAt) + (q.expired ? ' (expired)' : ''),
      q.url ?? '—',
    ]);
    return table(['ID', 'TEMPLATES', 'CREATED', 'EXPIRES', 'URL'], rows);
  }

  function check(r: ConfigCheckResult): string {
    if (r.ok) return '✓ 符合填写标准 / meets the configuration standards';
    const rows = r.problems.map((p) => [p.field, p.rule, p.message]);
    return `✗ ${r.problems.length} 个问题 / problems:\n${table(['FIELD', 'RULE', 'MESSAGE'], rows)}`;
  }

  return {
    enterprises,
    apps,
    timeline,
    app,
    diagnosis,
    needsPerson,
    overview,
    messages,
    rollout,
    templates,
    batchQrCodes,
    check,
  };
}

export type Format = ReturnType<typeof createFormat>;

/** The enterprise list's filters the CLI takes as bare switches (read-commands.ts). */
const SWITCHES = new Set(['stuck', 'pending']);

/** An enterprise list's filter as the CLI command that shows it, or as the API call where the CLI has no such flag. */
function describeList(filter: Json<UncheckedList['filter']>): string {
  const api = `GET /admin/api/enterprises?${new URLSearchParams(filter).toString()}`;
  const flags = Object.entries(filter).map(([key, value]) =>
    key === 'status' ? `--status ${value}` : SWITCHES.has(key) && value === 'true' ? `--${key}` : undefined,
  );
  return flags.every(Boolean) ? `npm run cli -- enterprises ${flags.join(' ')}   (${api})` : api;
}

/** The action as a CLI command where there is one, else as the API call. */
export function describeAction(a: Json<ActionDescriptor>): string {
  const api = `${a.method} ${a.path}${a.body ? ` ${JSON.stringify(a.body)}` : ''}`;
  const cli = cliFor(a);
  return cli ? `npm run cli -- ${cli}   (${api})` : api;
}

function cliFor(a: Json<ActionDescriptor>): string | undefined {
  const parts = a.path.split('/').map(decodeURIComponent);
  // ['', 'admin', 'api', 'messages', id, 'resend'] or ['', 'admin', 'api', 'apps', suite, corp, ...rest]
  if (parts[3] === 'messages' && parts[5] === 'resend') return `resend ${parts[4]}`;
  if (parts[3] !== 'apps') return undefined;
  const [suiteId, corpId, what, action] = parts.slice(4);
  if (what === 'rollout' && action) return `rollout ${action} ${suiteId} ${corpId}`;
  if (what === 'status' && typeof a.body?.status === 'string')
    return `set-status ${suiteId} ${corpId} ${a.body.status}`;
  const permissions = a.body?.permissions;
  if (what === 'permission-requests' && Array.isArray(permissions))
    return `request-permissions ${suiteId} ${corpId} ${permissions.join(' ')}`;
  return undefined;
}
