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

const redactPaths = REDACTED_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]);

export interface LoggerOptions {
  level?: string;
  destination?: DestinationStream;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      redact: { paths: redactPaths, censor: '[redacted]' },
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
