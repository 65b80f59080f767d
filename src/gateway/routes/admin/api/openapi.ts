import { z } from 'zod';
import { queryParameters } from '../../../../domain/input';
import type { ApiRoute } from './admin-api';
import { errorAnswer, validationError } from './answers';

/** The version of the API's description; raised when an answer or an input changes incompatibly. */
export const API_VERSION = '1.0.0';

const PATH_PARAMETERS: Record<string, string> = {
  suiteId: "the template's suite id (SuiteID in the provider console)",
  corpId: "the enterprise's corp id",
  id: 'the id of the permission request or outbox message',
};

type JsonSchema = Record<string, unknown>;

/** A zod schema as JSON Schema 2020-12 (OpenAPI 3.1's dialect): inputs before, answers after their transforms. */
export function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const json = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    override: ({ jsonSchema: js }) => {
      // zod spells date-time out as a long pattern too; the format says it.
      if (js.format === 'date-time') delete js.pattern;
    },
  }) as JsonSchema;
  delete json.$schema;
  return json;
}

const ref = (name: string) => ({ $ref: `#/components/responses/${name}` });

/** The error answers each route may give, by status. */
const ERROR_RESPONSES = {
  400: ['InvalidInput', 'the input breaks a rule: the answer names the field and the rule'],
  401: ['Unauthorized', 'no Authorization: Bearer <adminToken>, or a wrong one'],
  404: ['NotFound', 'what the path names does not exist'],
  409: ['Conflict', 'refused in the present state; the message says what is allowed'],
  413: ['BodyTooLarge', 'the body is over 2 MB'],
  429: ['TooManyAttempts', 'too many wrong tokens from this address lately; see Retry-After'],
} as const;

function operationId(r: ApiRoute): string {
  const words = r.path
    .replace(/^\/admin\/api\//, '')
    .split(/[/.-]/)
    .filter(Boolean)
    .map((w) => (w.startsWith(':') ? `By${cap(w.slice(1))}` : cap(w)));
  return r.method + words.join('');
}

const cap = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);

function parameters(r: ApiRoute): unknown[] {
  const inPath = [...r.path.matchAll(/:(\w+)/g)].map(([, name]) => ({
    name,
    in: 'path',
    required: true,
    description: PATH_PARAMETERS[name!],
    schema: { type: 'string' },
  }));
  const inQuery = Object.entries(r.query ? queryParameters(r.query.schema) : {}).map(([name, s]) => {
    const schema = jsonSchema(s, 'input');
    // Absent, a parameter is either refused (required), left out, or given its default.
    const absent = s.safeParse(undefined);
    if (absent.success && ['number', 'string', 'boolean'].includes(typeof absent.data)) {
      schema.default = String(absent.data);
    }
    return {
      name,
      in: 'query',
      required: !absent.success,
      ...(typeof schema.description === 'string' ? { description: schema.description } : {}),
      schema,
    };
  });
  return [...inPath, ...inQuery];
}

function operation(r: ApiRoute): Record<string, unknown> {
  const responses: Record<string, unknown> = {};
  for (const [status, answer] of Object.entries(r.answers)) {
    responses[status] = {
      description: answer.description,
      content: { 'application/json': { schema: jsonSchema(answer.schema, 'output') } },
    };
  }
  const errors = [400, 401, 429, ...(r.body ? [413] : []), ...(r.errors ?? [])].sort();
  for (const status of errors)
    responses[status] = ref(ERROR_RESPONSES[status as keyof typeof ERROR_RESPONSES][0]);
  return {
    operationId: operationId(r),
    summary: r.summary,
    ...(r.description ? { description: r.description } : {}),
    parameters: parameters(r),
    ...(r.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: jsonSchema(r.body.schema, 'input') } },
          },
        }
      : {}),
    responses,
  };
}

/** The OpenAPI 3.1 description of the declared routes, built from the schemas that check them. */
export function openApiDocument(routes: readonly ApiRoute[]): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const path = r.path.replace(/:(\w+)/g, '{$1}');
    paths[path] = { ...paths[path], [r.method]: operation(r) };
  }
  const responses: Record<string, unknown> = {};
  for (const [status, [name, description]] of Object.entries(ERROR_RESPONSES)) {
    const schema = status === '400' ? validationError : errorAnswer;
    responses[name] = {
      description,
      content: { 'application/json': { schema: jsonSchema(schema, 'output') } },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'WeCom rollout bot: support API',
      version: API_VERSION,
      description:
        'What support staff and their scripts do: lists, diagnoses, rollouts, permission requests, templates. ' +
        'Every request needs Authorization: Bearer <adminToken>.',
    },
    security: [{ adminToken: [] }],
    components: {
      securitySchemes: {
        adminToken: { type: 'http', scheme: 'bearer', description: 'the adminToken setting' },
      },
      responses,
    },
    paths,
  };
}
