import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Config, TemplateConfig } from './config';
import { createAdminService } from './domain/support/admin-service';
import { createSupportService } from './domain/support/support-service';
import { createConversationService } from './domain/conversation/conversation-service';
import { createLifecycleService } from './domain/lifecycle/lifecycle-service';
import { checkProbes, loadCatalogue } from './domain/permissions/catalogue';
import { createPermissionService } from './domain/permissions/permission-service';
import { createRolloutService } from './domain/rollout/rollout-service';
import { createSupportAlerter } from './alerts/support-alerter';
import { eventGaveUpAlert } from './alerts/event-gave-up-alert';
import { wecomErrorAlert } from './alerts/wecom-error-alert';
import { createEnterpriseContexts } from './domain/enterprise/context';
import { createDispatcher } from './events/dispatcher';
import { MEDIA_MESSAGE_KINDS } from './events/types';
import { onCancelAuth } from './handlers/on-cancel-auth';
import { onChangeAppAdmin } from './handlers/on-change-app-admin';
import { onChangeAuth } from './handlers/on-change-auth';
import { onCreateAuth } from './handlers/on-create-auth';
import { onMediaMessage } from './handlers/on-media-message';
import { onResetPermanentCode } from './handlers/on-reset-permanent-code';
import { onSuiteTicket } from './handlers/on-suite-ticket';
import { onTemplateCardEvent } from './handlers/on-template-card-event';
import { onText } from './handlers/on-text';
import { createOutbox } from './outbox/enqueue';
import { createOutboxDrain, type OutboxDrain } from './outbox/outbox-drain';
import { createOutboxWorker } from './outbox/outbox-worker';
import { createScheduler } from './scheduler/cron';
import { type Clock, DAY, HOUR, systemClock } from './shared/clock';
import { NotFoundError } from './shared/errors';
import { createLogger, type Logger } from './shared/logger';
import { createSecretBox } from './shared/secret-box';
import { createMemoryStores } from './stores/memory';
import type { Stores } from './domain/ports/stores';
import { createWecomClient, PROBES } from './wecom/wecom-client';
import { createHttpPool } from './wecom/http-pool';
import type { Transport } from './wecom/transport';

export interface ContainerDeps {
  clock?: Clock;
  logger?: Logger;
  /** Given stores win over config.mongodbUri (tests, several instances on one store). */
  stores?: Stores;
  /** Lease owner name of this instance. */
  owner?: string;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Send queued messages right after they are written instead of at the next tick (default true). */
  sendImmediately?: boolean;
  /** How WeCom is reached; a keep-alive connection pool by default. */
  transport?: Transport;
}

export type Container = Awaited<ReturnType<typeof createContainer>>;

/** The one composition root: stores, clients and services, wired once. */
export async function createContainer(config: Readonly<Config>, deps: ContainerDeps = {}) {
  const clock = deps.clock ?? systemClock;
  const logger = deps.logger ?? createLogger({ level: config.logLevel });
  const owner =
    deps.owner ?? (config.instanceId || `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`);
  // With the real clock, mongo leases are timed on the database's clock so instance skew does not matter.
  const stores = deps.stores ?? (await openStores(config, logger, deps.clock ? 'caller' : 'database'));
  // Without a configured key (the embedded memory default) a per-process key is enough: nothing outlives the process.
  const secrets = createSecretBox(config.secretKey || randomBytes(32).toString('base64'));
  const templates = new Map<string, TemplateConfig>(config.templates.map((t) => [t.suiteId, t]));

  // The drain needs the worker, which needs the alerter, which needs the outbox: the outbox kicks
  // the drain through this ref once it exists.
  const ref: { drain?: OutboxDrain } = {};
  const outbox = createOutbox({ store: stores.outbox, clock, onEnqueued: () => ref.drain?.kick() });
  const alerts = createSupportAlerter({ outbox, clock, locale: config.alerts.locale });

  // Idle when a transport is given: an agent holds no connection until it makes one.
  const pool = createHttpPool();
  const wecom = createWecomClient({
    apiBase: config.wecom.apiBase,
    transport: deps.transport ?? pool.transport,
    clock,
    logger,
    credentials: stores.credentials,
    errors: stores.wecomErrors,
    timeoutMs: config.wecom.requestTimeoutMs,
    maxRetries: config.wecom.maxRetries,
    duplicateCheckIntervalSec: config.wecom.duplicateCheckIntervalSeconds,
    textDuplicateCheckIntervalSec: config.wecom.textDuplicateCheckIntervalSeconds,
    random: deps.random,
    sleep: deps.sleep,
    onPermanentError: (err, ctx) =>
      alerts.alert(wecomErrorAlert(err, { ...ctx, at: clock.now() }, alerts.locale)),
    getSuiteSecret: (suiteId) => {
      const t = templates.get(suiteId);
      if (!t) throw new NotFoundError(`template ${suiteId}`);
      return t.suiteSecret;
    },
  });
  const contexts = createEnterpriseContexts({
    authorizations: stores.authorizations,
    wecom,
    secrets,
    logger,
    defaultTimeZone: config.rollout.workingHours?.timeZone ?? config.rollout.timeZone,
    defaultLocale: config.messages.locale,
  });
  const catalogue = loadCatalogue();
  checkProbes(catalogue, Object.keys(PROBES));

  const common = { stores, contexts, outbox, alerts, clock, logger };
  const rollout = createRolloutService({ ...common, config: config.rollout });
  const permissions = createPermissionService({ ...common, catalogue, config: config.permissions });
  const lifecycle = createLifecycleService({
    ...common,
    wecom,
    secrets,
    pollIntervalMinutes: config.lifecycle.pollIntervalMinutes,
    defaultTimeZone: config.rollout.timeZone,
    onEnabled: async (ctx) => void (await rollout.start(ctx.suiteId, ctx.corpId)),
    onAuthChanged: (ctx) => permissions.onAuthChanged(ctx),
    onCancelled: (ctx) => rollout.cancel(ctx.suiteId, ctx.corpId, 'authorization cancelled'),
    onNewApp: async (ctx) => {
      await permissions.closeForNewApp(ctx.suiteId, ctx.corpId, ctx.locale);
      return rollout.forNewApp(ctx.suiteId, ctx.corpId);
    },
  });
  const conversation = createConversationService({ outbox, logger, lifecycle, permissions, rollout });

  const outboxWorker = createOutboxWorker({
    store: stores.outbox,
    wecom,
    enterprise: async (suiteId, corpId) => {
      const ctx = await contexts.load(suiteId, corpId);
      // A cancelled enterprise is left alone: whatever is still queued for it is dropped.
      return { stopped: ctx.auth?.state === 'cancelled', wecom: ctx.wecom };
    },
    clock,
    logger,
    owner,
    leaseMs: config.outbox.leaseSeconds * 1000,
    batchSize: config.outbox.batchSize,
    concurrency: config.outbox.concurrency,
    maxAttempts: config.outbox.maxAttempts,
    alerts,
    supportWebhookUrl: config.supportWebhookUrl,
    random: deps.random,
  });
  const drain = (ref.drain = createOutboxDrain({
    worker: outboxWorker,
    batchSize: config.outbox.batchSize,
    logger,
    enabled: deps.sendImmediately !== false,
  }));

  const dispatcher = createDispatcher({
    inbox: stores.inbox,
    contexts,
    clock,
    logger,
    maxQueued: config.events.maxQueued,
    onGaveUp: (key, event, error) => alerts.alert(eventGaveUpAlert(key, event, error, alerts.locale)),
  });
  dispatcher.on('suite_ticket', onSuiteTicket(lifecycle));
  dispatcher.on('create_auth', onCreateAuth(lifecycle));
  dispatcher.on('change_auth', onChangeAuth(lifecycle));
  dispatcher.on('cancel_auth', onCancelAuth(lifecycle));
  dispatcher.on('reset_permanent_code', onResetPermanentCode(lifecycle));
  dispatcher.on('change_app_admin', onChangeAppAdmin(lifecycle));
  dispatcher.on('text', onText(conversation));
  for (const kind of MEDIA_MESSAGE_KINDS) dispatcher.on(kind, onMediaMessage(conversation));
  dispatcher.on('template_card_event', onTemplateCardEvent({ permissions, rollout }));

  const admin = createAdminService({ stores, alerts, clock });

  const scheduler = createScheduler({
    owner,
    cron: config.scheduler.cron,
    logger,
    jobs: [
      { name: 'events', run: (o) => dispatcher.retryBacklog(o) },
      { name: 'publishStatus', run: (o) => lifecycle.pollTick(o) },
      { name: 'rollout', run: (o) => rollout.tick(o) },
      { name: 'permissions', run: (o) => permissions.tick(o) },
      { name: 'batchQr', run: () => admin.alertExpiringBatchQrCodes() },
      { name: 'inbox', run: () => stores.inbox.purgeExpired(clock.now()) },
      {
        name: 'outboxRetention',
        run: () =>
          stores.outbox.purgeFinished(new Date(clock.now().getTime() - config.outbox.retentionDays * DAY)),
      },
      { name: 'outbox', run: () => outboxWorker.tick() },
    ],
  });

  return {
    config,
    clock,
    logger,
    owner,
    stores,
    secrets,
    templates,
    wecom,
    outbox,
    alerts,
    outboxWorker,
    lifecycle,
    permissions,
    rollout,
    conversation,
    dispatcher,
    admin,
    support: createSupportService({
      stores,
      clock,
      templates,
      defaultLocale: config.messages.locale,
      outbox,
      options: {
        publicBaseUrl: config.publicBaseUrl,
        timeZone: config.rollout.timeZone,
        maxUnanswered: config.rollout.maxUnanswered,
        // Support resends texts; a card resend is a new card with its own task id.
        duplicateCheckIntervalSec: config.wecom.textDuplicateCheckIntervalSeconds,
      },
    }),
    scheduler,
    dedupeTtlMs: config.inbox.dedupeTtlHours * HOUR,
    /** Resolves when queued events and immediate sends are done (tests, shutdown). */
    async idle(): Promise<void> {
      await dispatcher.idle();
      await drain.idle();
    },
    async close(): Promise<void> {
      await scheduler.stop();
      await dispatcher.idle();
      await drain.idle();
      pool.close();
      await stores.close();
    },
  };
}

async function openStores(
  config: Readonly<Config>,
  logger: Logger,
  leaseClock: 'caller' | 'database',
): Promise<Stores> {
  if (!config.mongodbUri) {
    logger.info('using the embedded in-memory store (no mongodbUri / MONGODB_URI): data is lost on restart');
    return createMemoryStores();
  }
  const { connectMongo } = await import('./stores/mongo/connect');
  const { createMongoStores } = await import('./stores/mongo');
  const connection = await connectMongo(config.mongodbUri, { logger, autoIndex: config.mongoAutoIndex });
  logger.info({ leaseClock }, 'using MongoDB');
  return createMongoStores(connection, { logger, leaseClock });
}
