import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import type { Clock } from '../shared/clock';
import { createLogger, type Logger } from '../shared/logger';
import { renderAdminPage } from './admin-page';
import { createApiRoutes } from './api-routes';
import { createCallbackDispatch } from './callback-dispatch';
import { createCallbackSender } from './callback-sender';
import { createControlRoutes } from './control-routes';
import { createEnterpriseControls, type EnterpriseControls } from './enterprise-controls';
import { createFailureInjector, type FailureInjector } from './failure-injector';
import { createProviderControls, type ProviderControls } from './provider-controls';
import { simGuard } from './sim-guard';
import { createSimState, type SimState } from './sim-state';
import type { CallbackRecord, RecordedCall } from './sim-types';
import { worldSnapshot, type WorldSnapshot } from './world-snapshot';

export interface SimulatorOptions {
  clock: Clock;
  logger?: Logger;
  /** Where the bot listens, e.g. http://127.0.0.1:3000; callbacks are not sent until it is set. */
  botBaseUrl?: string;
  /** How long WeCom waits for `success` before it retries (real milliseconds). */
  callbackDeadlineMs?: number;
  /** Attempts in all, the first included. */
  callbackRetries?: number;
  /** Group robot keys that exist from the start. */
  webhookKeys?: string[];
  /** What the page and /sim/api require (see sim-guard.ts); default: a random one per simulator. */
  token?: string;
}

export type Simulator = ProviderControls &
  EnterpriseControls & {
    /** The Koa app: /cgi-bin (WeCom API), /sim/api (controls), / (page). Tests use app.callback(). */
    app: Koa;
    /** The token of the page (`/?token=`) and of /sim/api (X-Sim-Token). */
    token: string;
    state: SimState;
    failures: FailureInjector;
    /** Every /cgi-bin call, oldest first (a live array). */
    calls: RecordedCall[];
    /** Every callback sent to the bot with its outcome, oldest first (a live array). */
    callbacks: CallbackRecord[];
    botBaseUrl(): string | undefined;
    setBotBaseUrl(url: string | undefined): void;
    snapshot(): WorldSnapshot;
    /**
     * Listens (127.0.0.1 unless told: its page drives the world, and the bot with it) and returns
     * the base URL to give the bot as its WeCom API base.
     */
    listen(port?: number, host?: string): Promise<string>;
    close(): Promise<void>;
  };

/** A simulator of WeCom's side for one machine: API, callbacks, a simulated world and its page. */
export function createSimulator(options: SimulatorOptions): Simulator {
  const logger = (options.logger ?? createLogger({ level: 'silent' })).child({ name: 'simulator' });
  const state = createSimState(options.clock);
  const failures = createFailureInjector();
  const sender = createCallbackSender({
    deadlineMs: options.callbackDeadlineMs ?? 5000,
    attempts: options.callbackRetries ?? 3,
    logger,
  });
  const dispatch = createCallbackDispatch({ state, sender, logger, botBaseUrl: options.botBaseUrl });
  const provider = createProviderControls(state, dispatch);
  const enterprise = createEnterpriseControls(state, dispatch);
  options.webhookKeys?.forEach((key) => enterprise.addWebhook(key));
  const snapshot = () => worldSnapshot(state, { enterprise, dispatch, failures: failures.pending });

  const token = options.token ?? randomBytes(18).toString('base64url');
  const app = new Koa();
  app.use(simGuard(token));
  app.use(createApiRoutes({ state, failures, logger }));
  app.use(createControlRoutes({ state, provider, enterprise, failures, dispatch, snapshot, logger }));
  app.use(async (ctx, next) => {
    if (ctx.method !== 'GET' || ctx.path !== '/') return next();
    ctx.type = 'html';
    ctx.set('cache-control', 'no-store');
    ctx.body = renderAdminPage(snapshot());
  });
  app.on('error', (err) => logger.error({ err }, 'simulator request failed'));

  let server: Server | undefined;
  return {
    ...provider,
    ...enterprise,
    app,
    token,
    state,
    failures,
    calls: state.calls,
    callbacks: state.callbacks,
    botBaseUrl: dispatch.botBaseUrl,
    setBotBaseUrl: dispatch.setBotBaseUrl,
    snapshot,
    listen(port = 0, host = '127.0.0.1') {
      return new Promise((resolve, reject) => {
        server = app.listen(port, host);
        server.once('error', reject);
        server.once('listening', () => {
          const address = server?.address() as AddressInfo;
          logger.info({ port: address.port }, 'simulator listening');
          resolve(`http://${host}:${address.port}`);
        });
      });
    },
    close() {
      return new Promise((resolve, reject) => {
        if (!server) return resolve();
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
        server = undefined;
      });
    },
  };
}
