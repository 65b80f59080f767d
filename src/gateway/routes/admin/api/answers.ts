import { z } from 'zod';
import { LOCALES } from '../../../../shared/locale';
import { APP_STATUSES, TEMPLATE_STATUSES } from '../../../../domain/model';

/**
 * What /admin/api answers, as it is on the wire (dates as ISO 8601 text). Objects listed in full
 * are strict, so a test that checks real answers against them notices a field the document lacks;
 * `looseObject` marks the few described by their main fields only.
 */

const date = z.iso.datetime();
const appStatus = z.enum(APP_STATUSES as readonly [string, ...string[]]);
const rolloutState = z.enum(['active', 'paused', 'completed', 'cancelled', 'escalated']);
const authorizationState = z.enum(['active', 'cancelled']);
const requestState = z.enum(['pending', 'granted', 'declined', 'superseded']);
const reach = z.enum(['members', 'departments', 'company']);
const stageNames = { name: z.string(), names: z.partialRecord(z.enum(LOCALES), z.string()).optional() };
const lease = z.strictObject({ owner: z.string(), until: date });
const visibility = z.strictObject({
  users: z.array(z.string()),
  parties: z.array(z.number()),
  tags: z.array(z.number()),
});
const historyEntry = z.strictObject({
  at: date,
  what: z.string(),
  by: z.string().optional(),
  detail: z.string().optional(),
});
const statusChange = <S extends z.ZodType>(status: S) =>
  z.strictObject({ from: status, to: status, at: date, by: z.string() });
/** A count per state: every state of the kind is a key. */
const counts = z.record(z.string(), z.number().int());

export const page = {
  total: z.number().int().min(0),
  page: z.number().int().min(1),
  pageSize: z.number().int().min(1),
};

export const template = z.strictObject({
  suiteId: z.string(),
  name: z.string(),
  status: z.enum(TEMPLATE_STATUSES),
  qrCode: z.string().optional(),
  statusHistory: z.array(statusChange(z.enum(TEMPLATE_STATUSES))),
  createdAt: date,
  updatedAt: date,
});

/** A template as listed: recorded ones and configured ones (not recorded: no status). */
export const templateRow = z.strictObject({
  suiteId: z.string(),
  name: z.string(),
  status: z.enum(TEMPLATE_STATUSES).optional(),
  qrCode: z.string().optional(),
  statusHistory: z.array(statusChange(z.enum(TEMPLATE_STATUSES))).optional(),
  /** Whether this bot has its secrets (config templates[]) and so receives its callbacks. */
  configured: z.boolean(),
  lastSuiteTicketAt: date.optional(),
  updatedAt: date.optional(),
});

export const app = z.strictObject({
  suiteId: z.string(),
  corpId: z.string(),
  agentId: z.number().int().optional(),
  name: z.string(),
  status: appStatus,
  statusHistory: z.array(statusChange(appStatus)),
  configuration: z.record(z.string(), z.unknown()),
  visibility: visibility.optional(),
  visibilityObservedAt: date.optional(),
  publishStatus: z.number().int().optional(),
  closed: z.boolean(),
  effectivePermissions: z.array(z.string()),
  enabledAt: date.optional(),
  nextPollAt: date.optional(),
  previousApps: z.array(z.looseObject({ name: z.string(), status: appStatus, replacedAt: date })).optional(),
  lease: lease.optional(),
  createdAt: date,
  updatedAt: date,
});

export const permissionRequest = z.strictObject({
  id: z.string(),
  suiteId: z.string(),
  corpId: z.string(),
  requested: z.array(z.string()),
  previous: z.array(z.string()),
  state: requestState,
  /** The provider console's words for the state (待企业客户确认 …). */
  stateLabel: z.string(),
  filedBy: z.string(),
  answer: z
    .strictObject({
      answer: z.enum(['approve', 'not_now']),
      by: z.string(),
      at: date,
      via: z.enum(['button', 'text']),
    })
    .optional(),
  evidence: z
    .strictObject({
      kind: z.enum(['probe', 'get_permissions', 'auth_info', 'support']),
      at: date,
      by: z.string().optional(),
      detail: z.string().optional(),
    })
    .optional(),
  supersededBy: z.string().optional(),
  raisedCount: z.number().int(),
  nextActionAt: date.optional(),
  checkedAt: date.optional(),
  lease: lease.optional(),
  history: z.array(historyEntry),
  createdAt: date,
  updatedAt: date,
});

export const rollout = z.strictObject({
  suiteId: z.string(),
  corpId: z.string(),
  plan: z.array(z.strictObject({ ...stageNames, reach, waitMinutes: z.number().int() })),
  stageIndex: z.number().int(),
  state: rolloutState,
  nextReminderAt: date.optional(),
  unanswered: z.number().int(),
  remindersSent: z.number().int(),
  actual: visibility.optional(),
  actualObservedAt: date.optional(),
  lastAnswer: z
    .strictObject({
      question: z.number().int(),
      action: z.enum(['widened', 'later', 'pause']),
      card: z.enum(['enabled', 'reminder']),
      by: z.string(),
      at: date,
    })
    .optional(),
  round: z.number().int().optional(),
  lease: lease.optional(),
  history: z.array(historyEntry),
  createdAt: date,
  updatedAt: date,
});

export const batchQrCode = z.strictObject({
  id: z.string(),
  suiteIds: z.array(z.string()),
  url: z.string().optional(),
  createdAt: date,
  expiresAt: date,
  expiryAlertedAt: date.optional(),
});

export const batchQrRow = batchQrCode.extend({ expired: z.boolean() });

/** An outbox message, never with the card's single-use response_code. */
export const message = z.strictObject({
  id: z.string(),
  dedupeKey: z.string(),
  channel: z.enum(['app', 'app_card_update', 'support']),
  suiteId: z.string().optional(),
  corpId: z.string().optional(),
  toUser: z.string().optional(),
  payload: z.record(z.string(), z.unknown()),
  topic: z.string(),
  ref: z.string().optional(),
  status: z.enum(['queued', 'sending', 'sent', 'failed', 'cancelled']),
  attempts: z.number().int(),
  lastError: z.string().optional(),
  lastErrcode: z.number().int().optional(),
  notBefore: date,
  msgId: z.string().optional(),
  createdAt: date,
  updatedAt: date,
  sentAt: date.optional(),
});

/** A message in a list: without its payload. */
export const messageRow = message.omit({ payload: true });

export const appRow = z.strictObject({
  suiteId: z.string(),
  corpId: z.string(),
  corpName: z.string(),
  name: z.string(),
  status: appStatus,
  statusLabel: z.string(),
  authorization: authorizationState,
  test: z.boolean(),
  agentId: z.number().int().optional(),
  authorizedAt: date,
  enabledAt: date.optional(),
  rollout: z
    .strictObject({
      state: rolloutState,
      stateLabel: z.string(),
      stage: z.string().optional().meta({ description: 'the stage reached, by name (untranslated)' }),
      stageIndex: z.number().int(),
      stages: z.number().int(),
      stuck: z.boolean(),
      nextReminderAt: date.optional(),
    })
    .optional(),
  pendingRequest: z
    .strictObject({
      id: z.string(),
      requested: z.array(z.string()),
      createdAt: date,
      raisedCount: z.number().int(),
    })
    .optional(),
});

export const enterpriseRow = z.strictObject({
  corpId: z.string(),
  corpName: z.string(),
  authorization: authorizationState,
  test: z.boolean(),
  authorizedAt: date,
  apps: z.array(appRow),
  pendingRequests: z.number().int(),
  stuckRollouts: z.number().int(),
});

export const appDetail = appRow.extend({
  admins: z.array(z.string()),
  timeZone: z.string(),
  locale: z.enum(LOCALES).meta({ description: "the language the bot speaks to the enterprise's admins" }),
  visibility: visibility.optional(),
  visibilityObservedAt: date.optional(),
  publishStatus: z.number().int().optional(),
  closed: z.boolean(),
  configuration: z.record(z.string(), z.unknown()),
  effectivePermissions: z.array(z.string()),
  requests: z.array(permissionRequest),
  previousApps: z.array(z.looseObject({ name: z.string(), status: appStatus, replacedAt: date })),
});

export const timelineEntry = z.strictObject({
  at: date,
  source: z.enum([
    'authorization',
    'status',
    'callback',
    'message',
    'alert',
    'permission',
    'rollout',
    'wecom_error',
  ]),
  what: z.string(),
  summary: z.string(),
  by: z.string().optional(),
  ref: z.string().optional(),
  status: z.string().optional(),
  detail: z.string().optional(),
});

const finding = z.looseObject({
  rule: z.string(),
  key: z.string(),
  severity: z.enum(['critical', 'warning', 'info']),
  needsPerson: z.boolean(),
  cause: z.string(),
  actor: z.enum(['enterprise_admin', 'support', 'provider_console', 'nobody']),
  nextStep: z.string(),
  evidence: z.array(z.string()),
});

export const needsPerson = finding.extend({
  enterprises: z.array(z.strictObject({ corpId: z.string(), corpName: z.string() })),
});

/** The to-do list's bound: how many candidate enterprises were diagnosed, and what was left unchecked. */
export const toDoBound = {
  checkedEnterprises: z
    .number()
    .int()
    .meta({ description: 'candidate enterprises diagnosed, the most urgent first' }),
  notChecked: z
    .strictObject({
      enterprises: z.number().int().meta({
        description: 'every candidate enterprise not diagnosed: may need a person, not checked here',
      }),
      lists: z.array(
        z.strictObject({
          filter: z.record(z.string(), z.string()).meta({
            description:
              'query of GET /admin/api/enterprises (and the dashboard list) that shows some of them',
          }),
          enterprises: z.number().int().meta({ description: 'how many of those not checked it shows' }),
        }),
      ),
    })
    .meta({ description: 'beyond the bound on enterprises diagnosed per to-do list' }),
};

export const diagnosis = z.looseObject({
  corpId: z.string(),
  corpName: z.string(),
  checkedAt: date,
  needsPerson: z.boolean(),
  summary: z.string(),
  findings: z.array(finding),
  state: z.array(z.string()),
});

export const overview = z.strictObject({
  generatedAt: date,
  apps: z.strictObject({ byStatus: counts, byTemplate: z.record(z.string(), counts) }),
  authorizations: counts,
  permissionRequests: counts,
  rollouts: z.strictObject({
    byState: counts,
    byStage: counts,
    byStageAndState: z.record(z.string(), counts),
    stuck: z.number().int(),
  }),
  outbox: counts,
  needsPerson: z.array(needsPerson),
  ...toDoBound,
});

export const permissionInfo = z.looseObject({ id: z.string(), name: z.string(), nameEn: z.string() });

export const configCheckResult = z.strictObject({
  ok: z.boolean(),
  problems: z.array(
    z.strictObject({
      field: z.string(),
      rule: z.string(),
      message: z.string().meta({ description: 'Chinese first, English after' }),
      messages: z.strictObject({ zh: z.string(), en: z.string() }),
    }),
  ),
});

/** A refused input: the field and the rule it breaks. */
export const validationError = z.strictObject({
  error: z.literal('invalid_input'),
  field: z.string(),
  rule: z.string(),
  message: z.string(),
});

/** Any other refusal: a short code, and what went wrong when it may be told. */
export const errorAnswer = z.strictObject({ error: z.string(), message: z.string().optional() });
