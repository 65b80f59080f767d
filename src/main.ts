import { loadConfig, type Config } from './config';
import { startServer, type RunningServer } from './server';
import { createLogger } from './shared/logger';
import { ConfigError } from './shared/errors';

/** The only module that reads process.env; it starts the server and traps SIGTERM. */
async function main(): Promise<void> {
  let config: Readonly<Config>;
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
  const running = await startServer(config, { logger });
  if (running.simulatorUrl) console.log(banner(running));

  const shutdown = (signal: string): void => {
    logger.info({ signal }, 'shutting down');
    running
      .close()
      .then(() => process.exit(0))
      .catch((err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

/** Where to click first; the token only when the embedded default made it up. */
function banner(r: RunningServer): string {
  const token = r.loginUrl ? r.container.config.adminToken : undefined;
  return [
    '',
    `  WeCom simulator (the enterprise admin's side): ${r.simulatorUrl}`,
    `  Support dashboard: ${r.loginUrl ?? `${r.url}/admin`}`,
    ...(token ? [`  Admin API token:   ${token}`] : []),
    '',
  ].join('\n');
}

main().catch((err: unknown) => {
  console.error('fatal:', err instanceof Error ? err.message : err);
  process.exit(1);
});
