import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger } from 'pino';

/** Keys whose values never reach a log line, at any depth we log. */
export const REDACTED_KEYS = [
  'suiteSecret',
  'providerSecret',
  'permanentCode',
  'permanent_code',
  'accessToken',
  'access_token',
  'suite_access_token',
  'suiteTicket',
  'suite_ticket',
  'encodingAESKey',
  'token',
  'echostr',
  'secretKey',
  'adminToken',
  'authorization',
];

const REDACTED = new Set(REDACTED_KEYS);
const CENSOR = '[redacted]';
/** The object logged, its values and theirs: as deep as anything the bot logs holds a secret. */
const REDACT_DEPTH = 3;

/**
 * `value` with every REDACTED_KEYS entry within REDACT_DEPTH levels censored; the same object when
 * there is none, and never changed in place (it may be a live domain object). pino's own `redact`
 * with wildcard paths runs a generic redactor over every value of every line and child logger,
 * which cost the callback path a fifth of its time; a walk over keys costs almost nothing.
 */
export function redactSecrets<T>(value: T, depth = REDACT_DEPTH): T {
  if (depth === 0 || value === null || typeof value !== 'object') return value;
  // Errors go to the err serializer as they are, which redacts what it makes of them; buffers hold no keys.
  if (value instanceof Error || ArrayBuffer.isView(value) || value instanceof Date) return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((item: unknown, i) => {
      const redacted = redactSecrets(item, depth - 1);
      if (redacted !== item) (copy ??= [...(value as unknown[])])[i] = redacted;
    });
    return (copy ?? value) as T;
  }
  let copy: Record<string, unknown> | undefined;
  const source = value as Record<string, unknown>;
  for (const key of Object.keys(source)) {
    const item = source[key];
    const redacted = REDACTED.has(key) ? CENSOR : redactSecrets(item, depth - 1);
    if (redacted !== item) (copy ??= { ...source })[key] = redacted;
  }
  return (copy ?? value) as T;
}

export interface LoggerOptions {
  level?: string;
  destination?: DestinationStream;
}

/**
 * The bot's pino logger. Every logged object goes through redactSecrets; child bindings are
 * names and ids (pino does not pass a child's bindings through formatters), never secrets.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      formatters: { log: (obj) => redactSecrets(obj) },
      // An error's own fields (a client's config, a request) are serialized first, then walked too.
      serializers: { err: (err: Error) => redactSecrets(pino.stdSerializers.err(err)) },
      base: { service: 'wecom-rollout-bot' },
    },
    options.destination,
  );
}

/** A logger that keeps lines in memory, so tests can read what was logged. */
export function createMemoryLogger(level = 'debug'): {
  logger: Logger;
  lines: () => Record<string, unknown>[];
} {
  const chunks: string[] = [];
  const destination: DestinationStream = { write: (s: string) => void chunks.push(s) };
  return {
    logger: createLogger({ level, destination }),
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}
