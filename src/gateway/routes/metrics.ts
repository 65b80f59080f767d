import { bearerToken, tokenMatcher } from '../../shared/token-matcher';
import { callbackRoute } from './callback';
import type { Context, Middleware, Next } from 'koa';
import type { Container } from '../../container';
import type { AppStatus, AuthorizationState, PermissionRequestState, RolloutState } from '../../domain/model';
import type { CountedGroup } from '../../domain/ports/stores';

/**
 * GET /metrics in the Prometheus text format 0.0.4: counts only, no secrets, and no label that
 * names an enterprise (a template id at most); behind `Authorization: Bearer <metricsToken>` when
 * one is configured. Mounted before the other middleware so it also counts the callback answers
 * the gateway gives, rejections included, with their final status.
 */
export function metrics(c: Container): Middleware {
  const responses = new Map<string, number>();
  const log = c.logger.child({ name: 'metrics' });
  const authorized = bearerMatcher(c.config.metricsToken);

  return async (ctx: Context, next: Next): Promise<void> => {
    if (ctx.path === '/metrics' && (ctx.method === 'GET' || ctx.method === 'HEAD')) {
      if (!authorized(ctx.get('authorization'))) {
        ctx.status = 401;
        ctx.set('WWW-Authenticate', 'Bearer');
        ctx.body = 'unauthorized\n';
        return;
      }
      try {
        ctx.body = renderMetrics([
          callbackResponses(responses),
          ...dispatcherFamilies(c.dispatcher.stats()),
          ...(await storeFamilies(c)),
        ]);
        ctx.type = CONTENT_TYPE;
      } catch (err) {
        log.error({ err }, 'metrics unavailable');
        ctx.status = 503;
        ctx.body = 'metrics unavailable\n';
      }
      return;
    }
    const kind = callbackKind(ctx.path);
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

/** The label of the callback URL a path is, if it is one (its kind in the URL's words). */
function callbackKind(path: string): 'templates' | 'apps' | undefined {
  const route = callbackRoute(path);
  return route && (route.source === 'template' ? 'templates' : 'apps');
}

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

/** This instance's lanes: what waits in memory, and what the cap left in the inbox instead. */
function dispatcherFamilies(stats: { queued: number; deferred: number }): MetricFamily[] {
  return [
    {
      name: 'wecom_bot_events_queued',
      help: "Callback events waiting or running in this instance's lanes (at most events.maxQueued).",
      type: 'gauge',
      samples: [{ labels: {}, value: stats.queued }],
    },
    {
      name: 'wecom_bot_events_deferred_total',
      help: 'Callback events left in the inbox for the retry claim because the lanes were full, since this process started.',
      type: 'counter',
      samples: [{ labels: {}, value: stats.deferred }],
    },
  ];
}

const APP_STATUSES: readonly AppStatus[] = ['developing', 'in_review', 'approved', 'enabled'];
const STAGES = ['none', 'members', 'departments', 'company'] as const;
const ROLLOUT_STATES: readonly RolloutState[] = ['active', 'paused', 'completed', 'cancelled', 'escalated'];
const AUTHORIZATION_STATES: readonly AuthorizationState[] = ['active', 'cancelled'];
const REQUEST_STATES: readonly PermissionRequestState[] = ['pending', 'granted', 'declined', 'superseded'];

/**
 * What the store holds: callbacks in the dedupe window, messages, WeCom errors, apps, rollouts.
 * Counted queries and running counts only, never a listing: a scrape costs the same with 50,000
 * recorded callbacks as with none.
 */
async function storeFamilies(c: Container): Promise<MetricFamily[]> {
  const { stores } = c;
  const [callbacks, outbox, errors, rollouts, stuck, apps, authorizations, requests] = await Promise.all([
    stores.inbox.countByKindAndStatus(),
    stores.outbox.countByStatus(),
    stores.wecomErrors.countByCode(),
    stores.rollouts.countByStageAndState(),
    stores.rollouts.countStuck(c.clock.now()),
    stores.apps.countByTemplateAndStatus(),
    stores.authorizations.countByState(),
    stores.permissionRequests.countByState(),
  ]);
  const templates = [...new Set(apps.map((a) => a.group.suiteId))].sort();
  return [
    {
      name: 'wecom_bot_callbacks',
      help: 'Callbacks recorded within the dedupe window, by kind and handling status.',
      type: 'gauge',
      samples: callbacks.map(({ group, count }) => ({ labels: group, value: count })),
    },
    {
      name: 'wecom_bot_outbox_messages',
      help: 'Outbox messages by delivery status.',
      type: 'gauge',
      samples: Object.entries(outbox).map(([status, value]) => ({ labels: { status }, value })),
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
      samples: STAGES.flatMap((stage) =>
        ROLLOUT_STATES.map((state) => ({
          labels: { stage, state },
          value: countOf(rollouts, { reach: stage, state }),
        })),
      ),
    },
    {
      name: 'wecom_bot_rollouts_stuck',
      help: 'Rollouts that are escalated, long overdue or not moving.',
      type: 'gauge',
      samples: [{ labels: {}, value: stuck }],
    },
    {
      name: 'wecom_bot_apps',
      help: 'Apps by template and status.',
      type: 'gauge',
      samples: templates.flatMap((template) =>
        APP_STATUSES.map((status) => ({
          labels: { template, status },
          value: countOf(apps, { suiteId: template, status }),
        })),
      ),
    },
    {
      name: 'wecom_bot_authorizations',
      help: 'Authorizations by state.',
      type: 'gauge',
      samples: AUTHORIZATION_STATES.map((state) => ({
        labels: { state },
        value: countOf(authorizations, { state }),
      })),
    },
    {
      name: 'wecom_bot_permission_requests',
      help: 'Custom-permission requests by state.',
      type: 'gauge',
      samples: REQUEST_STATES.map((state) => ({ labels: { state }, value: countOf(requests, { state }) })),
    },
  ];
}

/** The count of the group with exactly these values; 0 when the store had none. */
function countOf<K extends string>(groups: readonly CountedGroup<K>[], values: Record<K, string>): number {
  const keys = Object.keys(values) as K[];
  return groups.find((g) => keys.every((k) => g.group[k] === values[k]))?.count ?? 0;
}

/** No token configured: open, as Prometheus scrapes by default. Otherwise compared in constant time. */
function bearerMatcher(token: string): (header: string) => boolean {
  if (token === '') return () => true;
  const matches = tokenMatcher(token);
  return (header) => matches(bearerToken(header));
}

function bump(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}
