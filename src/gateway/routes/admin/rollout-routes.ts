import type Router from '@koa/router';
import type { RouterContext } from '@koa/router';
import type { RolloutService } from '../../../domain/rollout/rollout-service';
import { NotFoundError, ValidationError } from '../../../shared/errors';

/** Who acts through the admin API, unless the body names a person: `{ "by": "alice" }`. */
const DEFAULT_ACTOR = 'support';
const BASE = '/admin/api/apps/:suiteId/:corpId/rollout';

/** Support staff's rollout controls (JSON, behind the admin token where they are mounted). */
export function registerRolloutRoutes(router: Router, rollout: RolloutService): void {
  router.get(BASE, async (ctx) => {
    const { suiteId, corpId } = ids(ctx);
    const r = await rollout.get(suiteId, corpId);
    if (!r) throw new NotFoundError(`rollout ${suiteId}/${corpId}`);
    ctx.body = { rollout: r, lines: await rollout.describe(suiteId, corpId), stuck: rollout.isStuck(r) };
  });

  const actions = { pause: rollout.pause, resume: rollout.resume, restart: rollout.restart } as const;
  for (const [name, act] of Object.entries(actions)) {
    router.post(`${BASE}/${name}`, async (ctx) => {
      const { suiteId, corpId } = ids(ctx);
      ctx.body = { rollout: await act(suiteId, corpId, actor(ctx.request.body)) };
    });
  }

  router.put(`${BASE}/plan`, async (ctx) => {
    const { suiteId, corpId } = ids(ctx);
    const body = (ctx.request.body ?? {}) as Record<string, unknown>;
    if (body.stages === undefined)
      throw new ValidationError('stages', 'required', 'send { "stages": [...] }');
    ctx.body = { rollout: await rollout.setPlan(suiteId, corpId, body.stages, actor(body)) };
  });
}

function ids(ctx: RouterContext): { suiteId: string; corpId: string } {
  return { suiteId: ctx.params.suiteId!, corpId: ctx.params.corpId! };
}

function actor(body: unknown): string {
  const by = (body as { by?: unknown } | undefined)?.by;
  if (by === undefined) return DEFAULT_ACTOR;
  if (typeof by !== 'string' || !by.trim() || by.length > 64) {
    throw new ValidationError('by', 'name', 'by must be 1–64 characters');
  }
  return `support:${by.trim()}`;
}
