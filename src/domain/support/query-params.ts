import { z } from 'zod';
import { LOCALES } from '../../shared/locale';
import { queryInput, withRule } from '../input';
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

/** Which outbox messages a list shows; unset means any. */
export interface MessageFilter {
  corpId?: string;
  suiteId?: string;
  status?: OutboxStatus;
  channel?: OutboxChannel;
  topic?: string;
}

const AUTH_STATES: readonly AuthorizationState[] = ['active', 'cancelled'];
const OUTBOX_STATUSES: readonly OutboxStatus[] = ['queued', 'sending', 'sent', 'failed', 'cancelled'];
const CHANNELS: readonly OutboxChannel[] = ['app', 'app_card_update', 'support'];
const BOOLEANS = ['true', 'false', '1', '0'] as const;

/** One non-empty value, trimmed; a repeated key comes as an array and is refused. */
const text = (field: string) =>
  z
    .string({ error: `${field} 只能给一次 / give ${field} once` })
    .trim()
    .min(1, `${field} 不能为空 / ${field} must not be empty`);

const oneOf = <T extends string>(field: string, allowed: readonly T[]) =>
  text(field)
    .pipe(
      z.enum(allowed as readonly [T, ...T[]], {
        error: `${field} 须为 ${allowed.join(' | ')} / ${field} must be one of ${allowed.join(', ')}`,
      }),
    )
    .meta({ enum: [...allowed] });

const bool = (field: string) =>
  withRule(
    text(field).pipe(
      z.enum(BOOLEANS, { error: `${field} 须为 true 或 false / ${field} must be true or false` }),
    ),
    { invalid_value: 'boolean' },
  )
    .transform((v) => v === 'true' || v === '1')
    .meta({ enum: [...BOOLEANS] });

/** A whole number from 1 (to max, when given). */
const int = (field: string, fallback: number, max = Number.MAX_SAFE_INTEGER) => {
  const zh = max < Number.MAX_SAFE_INTEGER ? `1–${max} 的整数` : '正整数';
  const en = max < Number.MAX_SAFE_INTEGER ? `a whole number from 1 to ${max}` : 'a whole number from 1';
  const message = `${field} 须为${zh} / ${field} must be ${en}`;
  return withRule(text(field).regex(/^\d+$/, message), { invalid_format: 'range' })
    .transform(Number)
    .pipe(z.number().int().min(1, message).max(max, message))
    .default(fallback)
    .meta({ description: en });
};

const paging = {
  page: int('page', 1),
  pageSize: int('pageSize', DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE),
};

/** A query with no parameters: a stray one is refused rather than silently ignored. */
export const noQuery = queryInput(z.strictObject({}));

/** `?page=&pageSize=`: one page of a list. */
export const pagingQuery = queryInput(z.strictObject(paging));

/** The dashboard's app page pages its story with `?page=` only. */
export const pageOnlyQuery = queryInput(z.strictObject({ page: paging.page }));

const MESSAGE_OUTCOMES = ['sent', 'failed'] as const;

/** An ISO 8601 date-time with its offset (as the charts' links write it). */
const instant = (field: string) =>
  withRule(
    text(field)
      .regex(
        /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/,
        `${field} 须为带时区的 ISO 8601 时间，如 2026-01-05T00:00:00Z / ${field} must be an ISO 8601 date-time with its offset, e.g. 2026-01-05T00:00:00Z`,
      )
      .transform((v) => new Date(v))
      .refine((d) => !Number.isNaN(d.getTime()), `${field} is not a real date-time`),
    'date_time',
  ).meta({ format: 'date-time' });

/** `?locale=zh-CN|en`: the language of a diagnosis's texts; absent, the caller's default. */
const locale = { locale: oneOf('locale', LOCALES).optional() };

export const localeQuery = queryInput(z.strictObject(locale));

/** An app's timeline: one page of it, in one language. */
export const timelineQuery = queryInput(
  z.strictObject({ ...paging, ...locale }).transform(({ locale, ...paging }) => ({ locale, paging })),
);

/** The filters and paging of the enterprise and app lists. */
export const appListQuery = queryInput(
  z
    .strictObject({
      status: oneOf('status', APP_STATUSES).optional(),
      template: text('template').optional().meta({ description: "a template's suite id" }),
      stuck: bool('stuck').optional(),
      pending: bool('pending').optional(),
      authorization: oneOf('authorization', AUTH_STATES).optional(),
      test: bool('test').optional(),
      // The overview's charts link with these (see chart-filters.ts).
      stage: oneOf('stage', FUNNEL_STAGES).optional(),
      enabledDays: oneOf('enabledDays', ENABLED_BUCKET_IDS).optional(),
      request: oneOf('request', REQUEST_OUTCOMES).optional(),
      messages: oneOf('messages', MESSAGE_OUTCOMES).optional(),
      since: instant('since').optional(),
      ...paging,
    })
    .transform(({ page, pageSize, ...filter }) => ({
      filter: filter as AppFilter,
      paging: { page, pageSize },
    })),
);

const REQUEST_STATES: readonly PermissionRequestState[] = ['pending', 'granted', 'declined', 'superseded'];

/** `?state=`: the permission requests in one state. */
export const permissionRequestsQuery = queryInput(
  z.strictObject({ state: oneOf('state', REQUEST_STATES).optional() }),
);

/** The filters and paging of the outbox's message list. */
export const messageListQuery = queryInput(
  z
    .strictObject({
      corpId: text('corpId').optional(),
      suiteId: text('suiteId').optional(),
      status: oneOf('status', OUTBOX_STATUSES).optional(),
      channel: oneOf('channel', CHANNELS).optional(),
      topic: text('topic').optional(),
      ...paging,
    })
    .transform(({ page, pageSize, ...filter }) => ({
      filter: filter as MessageFilter,
      paging: { page, pageSize },
    })),
);

export function paginate<T>(items: readonly T[], { page, pageSize }: Paging): Page<T> {
  const start = (page - 1) * pageSize;
  return { items: items.slice(start, start + pageSize), total: items.length, page, pageSize };
}
