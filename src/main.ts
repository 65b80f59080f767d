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
    exitOnConfigError(err);
    throw err;
  }
  const logger = createLogger({ level: config.logLevel });
  let running: RunningServer | undefined;
  let stopping = false;
  // Trapped before the start: a signal while it connects ends the process at once, with code 0.
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    (running ? running.close() : Promise.resolve())
      .then(() => process.exit(0))
      .catch((err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  try {
    running = await startServer(config, { logger });
  } catch (err) {
    // Checks made while wiring (the permission catalogue, the store choice) are configuration too.
    exitOnConfigError(err);
    throw err;
  }
  if (running.simulatorUrl) console.log(banner(running));
}

/** A bad key stops the start with the key named and exit code 2, wherever it was found. */
function exitOnConfigError(err: unknown): void {
  if (!(err instanceof ConfigError)) return;
  console.error(`configuration error: ${err.message}`);
  process.exit(2);
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
