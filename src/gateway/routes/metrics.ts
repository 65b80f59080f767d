import type { Context, Middleware, Next } from 'koa';
import type { Container } from '../../container';

/**
 * GET /metrics in the Prometheus text format 0.0.4, without auth: counts only, no secrets, and no
 * label that names an enterprise (a template id at most). Mounted before the other middleware so
 * it also counts the callback answers the gateway gives, rejections included, with their final status.
 */
export function metrics(c: Container): Middleware {
  const responses = new Map<string, number>();
  const log = c.logger.child({ name: 'metrics' });

  return async (ctx: Context, next: Next): Promise<void> => {
    if (ctx.path === '/metrics' && (ctx.method === 'GET' || ctx.method === 'HEAD')) {
      try {
        ctx.body = renderMetrics([callbackResponses(responses), ...(await storeFamilies(c))]);
        ctx.type = CONTENT_TYPE;
      } catch (err) {
        log.error({ err }, 'metrics unavailable');
        ctx.status = 503;
        ctx.body = 'metrics unavailable\n';
      }
      return;
    }
    const kind = /^\/wecom\/(templates|apps)\//.exec(ctx.path)?.[1];
    if (!kind) return next();
    let status = 500;
    try {
      await next();
      status = ctx.status;
    } catch (err) {
      status = (err as { status?: number }).status ?? 500;
      throw err;
    } finally {
      bump(responses, `${kind}\u0000${status}`);
    }
  };
}

const CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export interface MetricFamily {
  name: string;
  help: string;
  type: 'counter' | 'gauge';
  samples: { labels: Record<string, string>; value: number }[];
}

/** The text exposition format: HELP, TYPE, then one line per sample; label values escaped. */
export function renderMetrics(families: readonly MetricFamily[]): string {
  const lines: string[] = [];
  for (const f of families) {
    lines.push(`# HELP ${f.name} ${f.help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`);
    lines.push(`# TYPE ${f.name} ${f.type}`);
    for (const s of f.samples) {
      const labels = Object.entries(s.labels)
        .map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`)
        .join(',');
      lines.push(`${f.name}${labels ? `{${labels}}` : ''} ${s.value}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function callbackResponses(responses: ReadonlyMap<string, number>): MetricFamily {
  return {
    name: 'wecom_bot_callback_responses_total',
    help: 'Answers to WeCom callbacks by route kind and HTTP status, since this process started (4xx = rejected).',
    type: 'counter',
    samples: [...responses].map(([key, value]) => {
      const [kind, code] = key.split('\u0000') as [string, string];
      return { labels: { kind, code }, value };
    }),
  };
}

/** What the store holds: callbacks in the dedupe window, messages, WeCom errors, apps, rollouts. */
async function storeFamilies(c: Container): Promise<MetricFamily[]> {
  const { stores } = c;
  const [events, counts, errors] = await Promise.all([
    stores.inbox.list(),
    c.support.counts(),
    stores.wecomErrors.countByCode(),
  ]);
  const callbacks = new Map<string, number>();
  for (const e of events) bump(callbacks, `${e.kind}\u0000${e.status}`);
  return [
    {
      name: 'wecom_bot_callbacks',
      help: 'Callbacks recorded within the dedupe window, by kind and handling status.',
      type: 'gauge',
      samples: [...callbacks].map(([key, value]) => {
        const [kind, status] = key.split('\u0000') as [string, string];
        return { labels: { kind, status }, value };
      }),
    },
    {
      name: 'wecom_bot_outbox_messages',
      help: 'Outbox messages by delivery status.',
      type: 'gauge',
      samples: Object.entries(counts.outbox).map(([status, value]) => ({ labels: { status }, value })),
    },
    {
      name: 'wecom_bot_wecom_api_errors_total',
      help: 'WeCom API errors recorded, by errcode (-2: no answer).',
      type: 'counter',
      samples: Object.entries(errors).map(([errcode, value]) => ({ labels: { errcode }, value })),
    },
    {
      name: 'wecom_bot_rollouts',
      help: 'Staged visibility rollouts by the reach of the stage reached (none before the pilot) and state.',
      type: 'gauge',
      samples: Object.entries(counts.rollouts.byStageAndState).flatMap(([stage, byState]) =>
        Object.entries(byState).map(([state, value]) => ({ labels: { stage, state }, value })),
      ),
    },
    {
      name: 'wecom_bot_rollouts_stuck',
      help: 'Rollouts that are escalated, long overdue or not moving.',
      type: 'gauge',
      samples: [{ labels: {}, value: counts.rollouts.stuck }],
    },
    {
      name: 'wecom_bot_apps',
      help: 'Apps by template and status.',
      type: 'gauge',
      samples: Object.entries(counts.apps.byTemplate).flatMap(([template, byStatus]) =>
        Object.entries(byStatus).map(([status, value]) => ({ labels: { template, status }, value })),
      ),
    },
    {
      name: 'wecom_bot_authorizations',
      help: 'Authorizations by state.',
      type: 'gauge',
      samples: Object.entries(counts.authorizations).map(([state, value]) => ({ labels: { state }, value })),
    },
    {
      name: 'wecom_bot_permission_requests',
      help: 'Custom-permission requests by state.',
      type: 'gauge',
      samples: Object.entries(counts.permissionRequests).map(([state, value]) => ({
        labels: { state },
        value,
      })),
    },
  ];
}

function bump(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}
