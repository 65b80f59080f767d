import { ValidationError } from '../../shared/errors';
import {
  APP_STATUSES,
  type AppStatus,
  type AuthorizationState,
  type OutboxChannel,
  type OutboxStatus,
  type PermissionRequestState,
} from '../model';
import { FUNNEL_STAGES, type FunnelStage } from './funnel-stage';
import { ENABLED_BUCKET_IDS, type EnabledBucketId, REQUEST_OUTCOMES } from './overview-charts';

/** A query string as koa parses it: a repeated key comes as an array. */
export type Query = Record<string, string | string[] | undefined>;

export interface Paging {
  page: number;
  pageSize: number;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;
/** The first page at the default size, for a list asked for without paging. */
export const DEFAULT_PAGING: Paging = { page: 1, pageSize: DEFAULT_PAGE_SIZE };

/** Which apps (or enterprises with such an app) a list shows; unset means any. */
export interface AppFilter {
  status?: AppStatus;
  /** A template's suite id. */
  template?: string;
  /** With a rollout stuck (escalated, overdue, or not moving for weeks) — or without one when false. */
  stuck?: boolean;
  /** With a permission request waiting for the enterprise — or without one when false. */
  pending?: boolean;
  authorization?: AuthorizationState;
  /** Only the provider's test enterprises — or only its customers when false. */
  test?: boolean;
  /** The overview's charts link to these (see chart-filters.ts). At this funnel stage. */
  stage?: FunnelStage;
  /** Enabled this many whole days after the app's start (a bucket id, e.g. "3-7"). */
  enabledDays?: EnabledBucketId;
  /** With a permission request in this state now (filed since `since`, when given). */
  request?: PermissionRequestState;
  /** Of an enterprise with a message sent or failed (since `since`, when given). */
  messages?: 'sent' | 'failed';
  /** The start of the window of `request` and `messages`. */
  since?: Date;
}

const AUTH_STATES: readonly AuthorizationState[] = ['active', 'cancelled'];
const PAGING_KEYS = ['page', 'pageSize'] as const;
export const APP_FILTER_KEYS = [
  'status',
  'template',
  'stuck',
  'pending',
  'authorization',
  'test',
  'stage',
  'enabledDays',
  'request',
  'messages',
  'since',
] as const;

/** A misspelt key ("pagesize") is refused rather than silently ignored, which would list everything. */
export function rejectUnknown(query: Query, known: readonly string[]): void {
  const unknown = Object.keys(query).find((k) => !known.includes(k));
  if (unknown !== undefined) {
    throw new ValidationError(
      unknown,
      'unknown_field',
      `未知参数 "${unknown}"（可用：${known.join(', ')}） / unknown parameter "${unknown}" (known: ${known.join(', ')})`,
    );
  }
}

export function parsePaging(query: Query): Paging {
  return {
    page: int(query, 'page', 1),
    pageSize: int(query, 'pageSize', DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE),
  };
}

export function parseAppFilter(query: Query): AppFilter {
  const filter: AppFilter = {};
  const status = one(query, 'status');
  if (status !== undefined) filter.status = oneOf(status, 'status', APP_STATUSES);
  const template = one(query, 'template');
  if (template !== undefined) filter.template = template;
  const stuck = bool(query, 'stuck');
  if (stuck !== undefined) filter.stuck = stuck;
  const pending = bool(query, 'pending');
  if (pending !== undefined) filter.pending = pending;
  const auth = one(query, 'authorization');
  if (auth !== undefined) filter.authorization = oneOf(auth, 'authorization', AUTH_STATES);
  const test = bool(query, 'test');
  if (test !== undefined) filter.test = test;
  return { ...filter, ...parseChartFilter(query) };
}

const MESSAGE_OUTCOMES = ['sent', 'failed'] as const;

function parseChartFilter(query: Query): AppFilter {
  const filter: AppFilter = {};
  const stage = one(query, 'stage');
  if (stage !== undefined) filter.stage = oneOf(stage, 'stage', FUNNEL_STAGES);
  const enabledDays = one(query, 'enabledDays');
  if (enabledDays !== undefined) filter.enabledDays = oneOf(enabledDays, 'enabledDays', ENABLED_BUCKET_IDS);
  const request = one(query, 'request');
  if (request !== undefined) filter.request = oneOf(request, 'request', REQUEST_OUTCOMES);
  const messages = one(query, 'messages');
  if (messages !== undefined) filter.messages = oneOf(messages, 'messages', MESSAGE_OUTCOMES);
  const since = one(query, 'since');
  if (since !== undefined) filter.since = instant(since, 'since');
  return filter;
}

/** An ISO 8601 date-time with its offset (as the charts' links write it). */
function instant(value: string, field: string): Date {
  const at = new Date(value);
  if (
    !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value) ||
    Number.isNaN(at.getTime())
  ) {
    throw new ValidationError(
      field,
      'date_time',
      `${field} 须为带时区的 ISO 8601 时间，如 2026-01-05T00:00:00Z / ${field} must be an ISO 8601 date-time with its offset, e.g. 2026-01-05T00:00:00Z`,
    );
  }
  return at;
}

/** The keys a filtered, paged list takes. */
export const LIST_KEYS: readonly string[] = [...APP_FILTER_KEYS, ...PAGING_KEYS];

/** Which outbox messages a list shows; unset means any. */
export interface MessageFilter {
  corpId?: string;
  suiteId?: string;
  status?: OutboxStatus;
  channel?: OutboxChannel;
  topic?: string;
}

const OUTBOX_STATUSES: readonly OutboxStatus[] = ['queued', 'sending', 'sent', 'failed', 'cancelled'];
const CHANNELS: readonly OutboxChannel[] = ['app', 'app_card_update', 'support'];
export const MESSAGE_KEYS: readonly string[] = [
  'corpId',
  'suiteId',
  'status',
  'channel',
  'topic',
  ...PAGING_KEYS,
];

export function parseMessageFilter(query: Query): MessageFilter {
  const filter: MessageFilter = {};
  for (const key of ['corpId', 'suiteId', 'topic'] as const) {
    const value = one(query, key);
    if (value !== undefined) filter[key] = value;
  }
  const status = one(query, 'status');
  if (status !== undefined) filter.status = oneOf(status, 'status', OUTBOX_STATUSES);
  const channel = one(query, 'channel');
  if (channel !== undefined) filter.channel = oneOf(channel, 'channel', CHANNELS);
  return filter;
}

export function paginate<T>(items: readonly T[], { page, pageSize }: Paging): Page<T> {
  const start = (page - 1) * pageSize;
  return { items: items.slice(start, start + pageSize), total: items.length, page, pageSize };
}

/** A single non-empty value, or undefined when absent. */
export function one(query: Query, field: string): string | undefined {
  const value = query[field];
  if (value === undefined) return undefined;
  if (Array.isArray(value)) {
    throw new ValidationError(field, 'single', `${field} 只能给一次 / give ${field} once`);
  }
  if (value.trim() === '') {
    throw new ValidationError(field, 'required', `${field} 不能为空 / ${field} must not be empty`);
  }
  return value.trim();
}

export function oneOf<T extends string>(value: string, field: string, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) {
    throw new ValidationError(
      field,
      'one_of',
      `${field} 须为 ${allowed.join(' | ')} / ${field} must be one of ${allowed.join(', ')}`,
    );
  }
  return value as T;
}

function bool(query: Query, field: string): boolean | undefined {
  const value = one(query, field);
  if (value === undefined) return undefined;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw new ValidationError(field, 'boolean', `${field} 须为 true 或 false / ${field} must be true or false`);
}

/** A whole number from 1 (to max, when given). */
function int(query: Query, field: string, fallback: number, max?: number): number {
  const value = one(query, field);
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > (max ?? Number.MAX_SAFE_INTEGER)) {
    const zh = max ? `1–${max} 的整数` : '正整数';
    const en = max ? `a whole number from 1 to ${max}` : 'a whole number from 1';
    throw new ValidationError(field, 'range', `${field} 须为${zh} / ${field} must be ${en}`);
  }
  return n;
}
