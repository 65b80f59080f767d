import { z } from 'zod';
import { ValidationError } from '../shared/errors';

/**
 * Input from outside (a request body, a query, a CLI or form value) is checked by one zod schema
 * per shape; the same schema describes it in /admin/api/openapi.json. The first broken rule
 * becomes a ValidationError naming the field (`stages[1].reach`) and the rule.
 */

/** The rule a schema's failures are reported under, by zod issue code, where the code is too vague. */
type Rules = string | Partial<Record<z.core.$ZodIssue['code'], string>>;
const RULES = z.registry<{ rules: Rules }>();

/** Reports this schema's failures (other than a missing value) under `rules`: one for all, or by code. */
export function withRule<S extends z.ZodType>(schema: S, rules: Rules): S {
  RULES.add(schema, { rules });
  return schema;
}

/** The rule of a zod issue code, when neither the schema nor the check names one. */
const BODY_RULES: Record<string, string> = {
  invalid_value: 'one_of',
  invalid_type: 'type',
  too_small: 'required',
  too_big: 'max_length',
  invalid_format: 'format',
};

/** A query value is a string, or an array when its key is repeated: a wrong type is a repeated key. */
const QUERY_RULES: Record<string, string> = { ...BODY_RULES, invalid_type: 'single' };

/** A schema with how to parse with it: the document shows `schema`, the route runs `parse`. */
export interface Input<T> {
  schema: z.ZodType;
  parse(raw: unknown): T;
}

/** A JSON body: an object, unknown fields refused (a misspelt one would go unchecked). */
export function bodyInput<S extends z.ZodType>(schema: S): Input<z.output<S>> {
  return { schema, parse: (raw) => parseBody(schema, raw) };
}

/** A query's parameters, possibly reshaped after the check (into a filter and paging, say). */
type QuerySchema = z.ZodObject | z.ZodPipe<z.ZodObject>;

/** A query string: unknown keys refused, with the known ones listed. */
export function queryInput<S extends QuerySchema>(schema: S): Input<z.output<S>> {
  return { schema, parse: (raw) => parseQuery(schema, raw) };
}

/** The parameters of a query schema, by name. */
export function queryParameters(schema: z.ZodType): Record<string, z.ZodType> {
  const object = schema instanceof z.ZodPipe ? (schema.in as z.ZodType) : schema;
  return object instanceof z.ZodObject ? (object.shape as Record<string, z.ZodType>) : {};
}

export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ValidationError('body', 'type', 'the body must be a JSON object');
  }
  return parseInput(schema, body, BODY_RULES, (key) => `unknown field "${key}"`);
}

export function parseQuery<S extends QuerySchema>(schema: S, query: unknown): z.output<S> {
  const known = Object.keys(queryParameters(schema)).join(', ');
  return parseInput(
    schema as z.ZodType,
    query,
    QUERY_RULES,
    (key) => `未知参数 "${key}"（可用：${known}） / unknown parameter "${key}" (known: ${known})`,
  ) as z.output<S>;
}

function parseInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
  rules: Record<string, string>,
  unknownKey: (key: string) => string,
): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data as z.output<S>;
  const { issues } = parsed.error;
  // An unknown key is named first: a misspelt "pagesize" explains a missing "pageSize".
  const issue = issues.find((i) => i.code === 'unrecognized_keys') ?? issues[0]!;
  if (issue.code === 'unrecognized_keys') {
    const key = fieldName([...issue.path, issue.keys[0]!]);
    throw new ValidationError(key, 'unknown_field', unknownKey(key));
  }
  const field = fieldName(issue.path);
  if (valueAt(input, issue.path) === undefined) {
    throw new ValidationError(field, 'required', `${field} is required`);
  }
  const rule =
    (issue.code === 'custom' ? (issue.params?.rule as string | undefined) : undefined) ??
    ruleAt(schema, issue) ??
    ((issue.code === 'too_small' || issue.code === 'too_big') && issue.origin === 'number'
      ? 'range'
      : undefined) ??
    rules[issue.code] ??
    'invalid';
  // zod's own words ("Invalid input: expected string") do not say which field.
  const message = issue.message.includes(field) ? issue.message : `${field}: ${issue.message}`;
  throw new ValidationError(field, rule, message);
}

/** `stages[1].reach` for the path ['stages', 1, 'reach']; `body` for the whole input. */
export function fieldName(path: readonly PropertyKey[]): string {
  if (path.length === 0) return 'body';
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join('');
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** The rule registered for this issue on the schema at its path, looking through wrappers and pipes. */
function ruleAt(schema: z.ZodType, issue: z.core.$ZodIssue): string | undefined {
  const { path } = issue;
  let current: z.ZodType | undefined = schema;
  let found: string | undefined;
  let depth = 0;
  while (current) {
    const rules = RULES.get(current)?.rules;
    found = (typeof rules === 'string' ? rules : rules?.[issue.code]) ?? found;
    if (
      current instanceof z.ZodOptional ||
      current instanceof z.ZodNullable ||
      current instanceof z.ZodDefault
    )
      current = current.unwrap() as z.ZodType;
    else if (current instanceof z.ZodPipe) current = current.in as z.ZodType;
    else if (depth < path.length && current instanceof z.ZodObject) {
      current = current.shape[String(path[depth++])] as z.ZodType | undefined;
      found = undefined;
    } else if (depth < path.length && current instanceof z.ZodArray) {
      current = current.element as z.ZodType;
      depth++;
      found = undefined;
    } else break;
  }
  return found;
}
