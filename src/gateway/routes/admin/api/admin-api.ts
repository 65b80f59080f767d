import type Router from '@koa/router';
import type { RouterContext } from '@koa/router';
import type { z } from 'zod';
import type { Input } from '../../../../domain/input';
import { noQuery } from '../../../../domain/support/query-params';

export type Method = 'get' | 'post' | 'put';

/** The error answers a route may give besides 400, 401 and 429, which every route may give. */
export type ErrorStatus = 404 | 409;

export interface Answer {
  description: string;
  schema: z.ZodType;
}

/**
 * One endpoint of /admin/api: what it takes (checked before `handle` runs, by the schemas the
 * document shows) and what it answers. Declaring it here is all it takes to serve it, describe it
 * in /admin/api/openapi.json and have the route-coverage test expect it.
 */
export interface Operation<Q, B> {
  summary: string;
  description?: string;
  /** The query's parameters; none when absent (an unknown one is refused either way). */
  query?: Input<Q>;
  body?: Input<B>;
  /** Each success status with its body. */
  answers: Partial<Record<200 | 201 | 202, Answer>>;
  errors?: ErrorStatus[];
  handle(ctx: RouterContext, input: { query: Q; body: B }): Promise<void> | void;
}

export interface ApiRoute extends Operation<unknown, unknown> {
  method: Method;
  /** koa's form: /admin/api/apps/:suiteId/:corpId. */
  path: string;
}

type Declare = <Q = Record<string, never>, B = undefined>(path: string, op: Operation<Q, B>) => void;

export interface AdminApi {
  get: Declare;
  post: Declare;
  put: Declare;
  /** Every route declared so far, in order. */
  readonly routes: readonly ApiRoute[];
}

/** Declares /admin/api routes on the router, keeping each one's description. */
export function createAdminApi(router: Router): AdminApi {
  const routes: ApiRoute[] = [];
  const declare =
    (method: Method): Declare =>
    (path, op) => {
      routes.push({ ...(op as unknown as Operation<unknown, unknown>), method, path });
      router[method](path, async (ctx) => {
        const query = (op.query ?? noQuery).parse(ctx.query);
        const body = op.body ? op.body.parse(ctx.request.body) : undefined;
        await op.handle(ctx, { query, body } as never);
      });
    };
  return { get: declare('get'), post: declare('post'), put: declare('put'), routes };
}
