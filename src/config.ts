import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ConfigError } from './shared/errors';
import { LOCALES } from './shared/locale';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24 h)');

const templateSchema = z.object({
  suiteId: z.string().min(1),
  suiteSecret: z.string().min(1),
  token: z.string().regex(/^[A-Za-z0-9]{1,32}$/, 'must be 1–32 letters or digits'),
  encodingAESKey: z.string().regex(/^[A-Za-z0-9]{43}$/, 'must be exactly 43 letters or digits'),
  name: z.string().default(''),
});

const stageSchema = z.object({
  name: z.string().min(1),
  names: z.strictObject(Object.fromEntries(LOCALES.map((l) => [l, z.string().min(1).optional()]))).optional(),
  reach: z.enum(['members', 'departments', 'company']),
  waitMinutes: z.number().int().min(0),
});

const workingHoursSchema = z
  .object({
    timeZone: z.string().refine(isTimeZone, 'must be an IANA time zone such as Asia/Shanghai'),
    start: hhmm,
    end: hhmm,
    days: z.array(z.number().int().min(0).max(6)).min(1),
  })
  .refine((w) => w.start < w.end, { message: 'start must be before end', path: ['start'] });

const configSchema = z.object({
  port: z.number().int().min(0).max(65535),
  host: z.string(),
  publicBaseUrl: z.string().refine((s) => s === '' || isHttpUrl(s), 'must be an http(s) URL'),
  trustProxy: z.boolean(),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
  mongodbUri: z
    .string()
    .refine((s) => s === '' || /^mongodb(\+srv)?:\/\//.test(s), 'must be a mongodb:// URI'),
  mongoAutoIndex: z.boolean(),
  store: z.enum(['auto', 'memory']),
  adminToken: z.string().refine((s) => s === '' || s.length >= 16, 'must be at least 16 characters'),
  adminSessionHours: z.number().min(0.25).max(720),
  metricsToken: z.string().refine((s) => s === '' || s.length >= 16, 'must be at least 16 characters'),
  secretKey: z.string().refine((s) => s === '' || isAes256Key(s), 'must be 32 bytes, base64 or hex'),
  supportWebhookUrl: z.string().refine((s) => s === '' || /^https?:\/\//.test(s), 'must be an http(s) URL'),
  instanceId: z.string(),
  server: z
    .object({
      headersTimeoutMs: z.number().int().min(1000),
      requestTimeoutMs: z.number().int().min(1000),
      keepAliveTimeoutMs: z.number().int().min(0),
      maxConnections: z.number().int().min(1),
    })
    .refine((s) => s.headersTimeoutMs <= s.requestTimeoutMs, {
      message: 'must not be longer than requestTimeoutMs',
      path: ['headersTimeoutMs'],
    }),
  wecom: z.object({
    apiBase: z.url().transform((s) => s.replace(/\/+$/, '')),
    providerCorpId: z.string(),
    providerSecret: z.string(),
    callbackMaxAgeSeconds: z.number().int().min(0),
    callbackBodyLimitBytes: z.number().int().min(1024).max(1_048_576),
    callbackRecordBudgetMs: z.number().int().min(50).max(4000),
    requestTimeoutMs: z.number().int().min(100),
    maxRetries: z.number().int().min(0).max(10),
    duplicateCheckIntervalSeconds: z.number().int().min(0).max(14_400),
    textDuplicateCheckIntervalSeconds: z.number().int().min(1).max(14_400),
  }),
  templates: z.array(templateSchema).refine(uniqueSuiteIds, 'suiteId must be unique'),
  inbox: z.object({ dedupeTtlHours: z.number().min(1) }),
  events: z.object({ maxQueued: z.number().int().min(1) }),
  outbox: z.object({
    batchSize: z.number().int().min(1).max(1000),
    concurrency: z.number().int().min(1).max(64),
    leaseSeconds: z.number().int().min(5),
    maxAttempts: z.number().int().min(1).max(50),
    retentionDays: z.number().min(1),
  }),
  scheduler: z.object({ cron: z.string().min(1), enabled: z.boolean() }),
  lifecycle: z.object({ pollIntervalMinutes: z.number().min(1) }),
  permissions: z.object({
    reraiseAfterMinutes: z.number().int().min(1),
    maxReraises: z.number().int().min(0),
    effectRecheckMinutes: z.number().int().min(1),
    effectAlertAfterChecks: z.number().int().min(1),
    confirmReminderMinutes: z.number().int().min(1),
  }),
  rollout: z.object({
    timeZone: z.string().refine(isTimeZone, 'must be an IANA time zone'),
    stages: z.array(stageSchema).min(1),
    testStages: z.array(stageSchema).min(1),
    firstReminderMinutes: z.number().int().min(0),
    workingHours: workingHoursSchema.nullable(),
    maxUnanswered: z.number().int().min(1),
    remindLaterMinutes: z.number().int().min(1),
  }),
  messages: z.object({ locale: z.enum(LOCALES) }),
  alerts: z.object({ locale: z.enum(LOCALES) }),
  dashboard: z.object({ locale: z.enum(LOCALES) }),
  simulator: z.object({
    enabled: z.union([z.boolean(), z.literal('auto')]),
    port: z.number().int().min(0).max(65535),
  }),
});

export type Config = z.infer<typeof configSchema>;
export type TemplateConfig = Config['templates'][number];

/** Environment variables that override secrets and deployment settings. */
const ENV_OVERRIDES: Record<string, string> = {
  PORT: 'port',
  HOST: 'host',
  PUBLIC_BASE_URL: 'publicBaseUrl',
  LOG_LEVEL: 'logLevel',
  MONGODB_URI: 'mongodbUri',
  ADMIN_TOKEN: 'adminToken',
  METRICS_TOKEN: 'metricsToken',
  BOT_SECRET_KEY: 'secretKey',
  SUPPORT_WEBHOOK_URL: 'supportWebhookUrl',
  INSTANCE_ID: 'instanceId',
  WECOM_API_BASE: 'wecom.apiBase',
  WECOM_PROVIDER_CORP_ID: 'wecom.providerCorpId',
  WECOM_PROVIDER_SECRET: 'wecom.providerSecret',
};

const NUMERIC_KEYS = new Set(['port']);

type Json = Record<string, unknown>;

export function loadConfig(env: NodeJS.ProcessEnv, files: { defaultFile?: string } = {}): Readonly<Config> {
  const defaultFile = files.defaultFile ?? path.join(__dirname, '..', 'config', 'default.json');
  let merged = readJson(defaultFile, 'config/default.json');
  if (env.BOT_CONFIG) merged = deepMerge(merged, readJson(env.BOT_CONFIG, 'BOT_CONFIG'));
  applyEnv(merged, env);
  const parsed = configSchema.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(issue.path.join('.') || '(root)', issue.message);
  }
  const config = parsed.data;
  if (config.store === 'memory' && config.mongodbUri) {
    throw new ConfigError('store', '"memory" and a mongodbUri contradict each other: choose one');
  }
  // A restart on the memory store forgets every authorization: their callbacks are then refused
  // and their queued cards lost. Real templates need MongoDB, or a deliberate choice.
  if (config.templates.length > 0 && !config.mongodbUri && config.store !== 'memory') {
    throw new ConfigError(
      'store',
      'templates are configured but no mongodbUri (MONGODB_URI): set one, or "store": "memory" to accept losing every authorization on restart',
    );
  }
  if (config.mongodbUri && !config.secretKey) {
    throw new ConfigError(
      'secretKey',
      'required with mongodbUri: permanent codes are encrypted at rest (BOT_SECRET_KEY)',
    );
  }
  return deepFreeze(config);
}

function readJson(file: string, label: string): Json {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(label, `cannot read ${file}: ${(err as Error).message}`);
  }
  try {
    const value: unknown = JSON.parse(text);
    if (!isObject(value)) throw new Error('not a JSON object');
    return value;
  } catch (err) {
    throw new ConfigError(label, `${file} is not valid JSON: ${(err as Error).message}`);
  }
}

function applyEnv(target: Json, env: NodeJS.ProcessEnv): void {
  for (const [name, key] of Object.entries(ENV_OVERRIDES)) {
    const value = env[name];
    if (value === undefined) continue;
    setPath(target, key, NUMERIC_KEYS.has(key) ? Number(value) : value);
  }
  // Template secrets by suite id, so the JSON file can hold only ids and names.
  const templates = Array.isArray(target.templates) ? (target.templates as Json[]) : [];
  for (const t of templates) {
    const id = String(t.suiteId ?? '').replace(/[^A-Za-z0-9]/g, '_');
    for (const [suffix, key] of [
      ['SUITE_SECRET', 'suiteSecret'],
      ['TOKEN', 'token'],
      ['AES_KEY', 'encodingAESKey'],
    ] as const) {
      const value = env[`WECOM_${suffix}_${id}`];
      if (value !== undefined) t[key] = value;
    }
  }
}

function setPath(target: Json, dotted: string, value: unknown): void {
  const keys = dotted.split('.');
  let node = target;
  for (const k of keys.slice(0, -1)) {
    if (!isObject(node[k])) node[k] = {};
    node = node[k] as Json;
  }
  node[keys[keys.length - 1]!] = value;
}

export function deepMerge(base: Json, over: Json): Json {
  const out: Json = { ...base };
  for (const [k, v] of Object.entries(over)) {
    out[k] = isObject(v) && isObject(out[k]) ? deepMerge(out[k] as Json, v) : v;
  }
  return out;
}

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

function isHttpUrl(s: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(s).protocol);
  } catch {
    return false;
  }
}

function isAes256Key(s: string): boolean {
  if (/^[0-9a-fA-F]{64}$/.test(s)) return true;
  return /^[A-Za-z0-9+/]{43}=$/.test(s) && Buffer.from(s, 'base64').length === 32;
}

function uniqueSuiteIds(list: { suiteId: string }[]): boolean {
  return new Set(list.map((t) => t.suiteId)).size === list.length;
}
