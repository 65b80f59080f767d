import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp, MEMORY_STORE_WARNING } from './app';
import type { Config } from './config';
import { createContainer, type Container } from './container';
import {
  FastForwardClock,
  startEmbeddedSimulator,
  wantsSimulator,
  type EmbeddedSimulator,
} from './embedded-default';
import { systemClock, type Clock } from './shared/clock';
import type { Logger } from './shared/logger';
import type { Simulator } from './simulator/create-simulator';

export interface ServerDeps {
  logger: Logger;
  /**
   * Shared by the bot and the embedded simulator (a ManualClock in tests and the demo). Default: the
   * system clock, or with the embedded simulator real time that its page can move ahead.
   */
  clock?: Clock;
}

export interface RunningServer {
  /** The bot's base URL: publicBaseUrl, or where it listens on this machine. */
  url: string;
  /** The embedded WeCom simulator's page, with its token (`/?token=…`), when it runs. */
  simulatorUrl?: string;
  simulator?: Simulator;
  /** The dashboard link that signs in with the token, when the embedded default made the token up. */
  loginUrl?: string;
  container: Container;
  /** Stops the scheduler, the HTTP server, the stores and the simulator; safe to call twice. */
  close(): Promise<void>;
}

/**
 * Wires and listens: the container, the Koa app and, when no WeCom template is configured, the
 * embedded simulator pointed at the bot. Reads no environment (main.ts does), so tests run it in-process.
 */
export async function startServer(config: Readonly<Config>, deps: ServerDeps): Promise<RunningServer> {
  const { logger } = deps;
  const clock = deps.clock ?? (wantsSimulator(config) ? new FastForwardClock() : systemClock);
  const embedded = await startEmbeddedSimulator(config, { logger, clock });
  let container: Container | undefined;
  let server: Server | undefined;
  const close = once(async () => {
    await closeServer(server);
    await container?.close();
    await embedded?.close();
  });

  try {
    const cfg = embedded?.config ?? config;
    container = await createContainer(cfg, { logger, clock });
    server = await listen(createHttpServer(createApp(container).callback(), cfg.server), cfg.port, cfg.host);
    const port = (server.address() as AddressInfo).port;
    const localUrl = `http://${loopbackFor(cfg.host)}:${port}`;
    const url = cfg.publicBaseUrl.replace(/\/+$/, '') || localUrl;
    logger.info({ port, store: container.stores.kind }, 'listening');
    if (cfg.store === 'memory') logger.warn({ store: 'memory' }, MEMORY_STORE_WARNING);
    if (!cfg.adminToken) logger.warn('adminToken is not set: the admin API and dashboard are off');
    else logger.info({ url: `${url}/admin` }, 'dashboard');

    // The simulator is on this machine: it calls the bot where it listens, whatever the public URL.
    if (embedded) await embedded.connect(localUrl, container);
    const resumed = await container.dispatcher.retry(container.owner);
    if (resumed > 0) logger.info({ resumed }, 'resumed events left unhandled or failed');
    if (cfg.scheduler.enabled) container.scheduler.start();

    return {
      url,
      container,
      close,
      ...(embedded && withSimulator(embedded, url)),
    };
  } catch (err) {
    await close().catch((e: unknown) => logger.error({ err: e }, 'cleanup after a failed start failed'));
    throw err;
  }
}

function withSimulator(embedded: EmbeddedSimulator, url: string) {
  const token = embedded.config.adminToken;
  return {
    simulator: embedded.simulator,
    simulatorUrl: `${embedded.url}/?token=${encodeURIComponent(embedded.simulator.token)}`,
    loginUrl: embedded.generatedAdminToken
      ? `${url}/admin/login?token=${encodeURIComponent(token)}`
      : undefined,
  };
}

/**
 * The HTTP server with limits Node leaves loose by default (a trickled body kept 300 s, slow
 * headers about a minute, connections without number): each client gets `headersTimeoutMs` to
 * send its headers and `requestTimeoutMs` for the whole request, an idle keep-alive connection
 * closes after `keepAliveTimeoutMs`, and connections beyond `maxConnections` are dropped at once.
 */
export function createHttpServer(handler: RequestListener, limits: Config['server']): Server {
  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      // How often Node looks for requests past those timeouts (30 s by default).
      connectionsCheckingInterval: Math.min(1000, limits.headersTimeoutMs),
    },
    handler,
  );
  server.maxConnections = limits.maxConnections;
  return server;
}

function listen(server: Server, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

/** Open keep-alive connections (a browser's) would hold close() forever. */
function closeServer(server: Server | undefined): Promise<void> {
  if (!server?.listening) return Promise.resolve();
  return new Promise((resolve, reject) => {
    server.close((err) => (err ? reject(err) : resolve()));
    server.closeAllConnections();
  });
}

/** Where a client on this machine reaches a server bound to `host`. */
function loopbackFor(host: string): string {
  if (host === '' || host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => (running ??= fn());
}
