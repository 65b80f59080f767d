import { z } from 'zod';
import type { RolloutService } from '../../../domain/rollout/rollout-service';
import { rolloutActionBody, rolloutPlanBody } from '../../../domain/rollout/validate-plan';
import { NotFoundError } from '../../../shared/errors';
import type { AdminApi } from './api/admin-api';
import * as answer from './api/answers';

/** Who acts through the admin API, unless the body names a person: `{ "by": "alice" }`. */
const DEFAULT_ACTOR = 'support';
const BASE = '/admin/api/apps/:suiteId/:corpId/rollout';

const changed = { 200: { description: 'the rollout', schema: z.strictObject({ rollout: answer.rollout }) } };

/** Support staff's rollout controls (JSON, behind the admin token where they are mounted). */
export function registerRolloutRoutes(api: AdminApi, rollout: RolloutService): void {
  api.get(BASE, {
    summary: "An app's rollout: the plan, where it stands in words, and whether it is stuck",
    answers: {
      200: {
        description: 'the rollout',
        schema: z.strictObject({ rollout: answer.rollout, lines: z.array(z.string()), stuck: z.boolean() }),
      },
    },
    errors: [404],
    handle: async (ctx) => {
      const { suiteId, corpId } = ctx.params as { suiteId: string; corpId: string };
      const r = await rollout.get(suiteId, corpId);
      if (!r) throw new NotFoundError(`rollout ${suiteId}/${corpId}`);
      ctx.body = { rollout: r, lines: await rollout.describe(suiteId, corpId), stuck: rollout.isStuck(r) };
    },
  });

  const actions = {
    pause: { act: rollout.pause, summary: 'Pause the reminders' },
    resume: { act: rollout.resume, summary: 'Resume a paused or escalated rollout' },
    restart: { act: rollout.restart, summary: 'Start the rollout over from the pilot stage' },
  } as const;
  for (const [name, { act, summary }] of Object.entries(actions)) {
    api.post(`${BASE}/${name}`, {
      summary,
      body: rolloutActionBody,
      answers: changed,
      errors: [404, 409],
      handle: async (ctx, { body }) => {
        ctx.body = { rollout: await act(ctx.params.suiteId!, ctx.params.corpId!, actor(body.by)) };
      },
    });
  }

  api.put(`${BASE}/plan`, {
    summary: 'Replace the plan: stages that each reach further than the one before',
    body: rolloutPlanBody,
    answers: changed,
    errors: [404],
    handle: async (ctx, { body }) => {
      const { suiteId, corpId } = ctx.params as { suiteId: string; corpId: string };
      ctx.body = { rollout: await rollout.setPlan(suiteId, corpId, body.stages, actor(body.by)) };
    },
  });
}

function actor(by: string | undefined): string {
  return by === undefined ? DEFAULT_ACTOR : `support:${by}`;
}
