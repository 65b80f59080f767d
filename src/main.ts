import type { Server } from 'node:http';
import { loadConfig } from './config';
import { createContainer } from './container';
import { createApp } from './app';
import { createLogger } from './shared/logger';
import { ConfigError } from './shared/errors';
import { startEmbeddedSimulator } from './embedded-default';

/** The only module that reads process.env, connects, listens and traps SIGTERM. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`configuration error: ${err.message}`);
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger({ level: config.logLevel });
  const embedded = await startEmbeddedSimulator(config, logger);
  if (embedded) config = embedded.config;

  const container = await createContainer(config, { logger });
  const app = createApp(container);
  const server: Server = app.listen(config.port, config.host);
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const base = config.publicBaseUrl || `http://localhost:${port}`;
  logger.info({ port, store: container.stores.kind }, 'listening');
  if (!config.adminToken) logger.warn('adminToken is not set: the admin API and dashboard are off');
  else logger.info({ url: `${base}/admin` }, 'dashboard');
  if (embedded) await embedded.connect(base, container);

  const recovered = await container.dispatcher.recover();
  if (recovered > 0) logger.info({ recovered }, 'resumed events left unhandled by a previous run');
  if (config.scheduler.enabled) container.scheduler.start();

  const shutdown = (signal: string): void => {
    logger.info({ signal }, 'shutting down');
    server.close();
    void Promise.all([container.close(), embedded?.close()])
      .then(() => process.exit(0))
      .catch((err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  console.error('fatal:', err instanceof Error ? err.message : err);
  process.exit(1);
});
