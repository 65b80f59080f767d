import { loadConfig, type Config } from '../config';
import { createContainer } from '../container';
import { ConfigError } from '../shared/errors';
import { createLogger } from '../shared/logger';
import type { SupportBackend } from './backend';
import { createContainerBackend } from './container-backend';
import { createHttpBackend } from './http-backend';
import { UsageError } from './parse-args';

export interface ConnectOptions {
  env: NodeJS.ProcessEnv;
  url?: string;
  token?: string;
  /** Where the in-process bot's warnings go (never stdout: it may carry --json). */
  log(line: string): void;
}

export interface Connection {
  backend: SupportBackend;
  /** Times are shown in this zone. */
  timeZone: string;
}

const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/**
 * With --url: that bot's admin API. Otherwise from the configuration, as main.ts loads it: with
 * MongoDB, a container in this process on the same database (no scheduler, no listening; what it
 * queues the running bot sends); with the memory store, the data lives only inside the running
 * bot, so its admin API at http://localhost:<port>.
 */
export async function connect(opts: ConnectOptions): Promise<Connection> {
  if (opts.url) {
    const config = tryConfig(opts.env);
    return {
      backend: createHttpBackend({ url: opts.url, adminToken: token(opts, config) }),
      timeZone: config?.rollout.timeZone ?? DEFAULT_TIME_ZONE,
    };
  }
  const config = loadConfig(opts.env);
  if (!config.mongodbUri) {
    return {
      backend: createHttpBackend({ url: `http://localhost:${config.port}`, adminToken: token(opts, config) }),
      timeZone: config.rollout.timeZone,
    };
  }
  const destination = { write: (line: string) => opts.log(line) };
  const container = await createContainer(config, {
    logger: createLogger({ level: 'warn', destination }),
    // The running bot's scheduler sends what this process queues: a CLI call does not wait on WeCom.
    sendImmediately: false,
  });
  return {
    backend: createContainerBackend(container, () => container.close()),
    timeZone: config.rollout.timeZone,
  };
}

function token(opts: ConnectOptions, config: Readonly<Config> | undefined): string {
  const found = opts.token ?? opts.env.ADMIN_TOKEN ?? config?.adminToken;
  if (found) return found;
  throw new UsageError(
    '需要管理令牌：--token 或环境变量 ADMIN_TOKEN（内存存储的数据只在运行中的机器人里，CLI 通过它的管理接口访问） / ' +
      'an admin token is needed: --token or ADMIN_TOKEN (with the memory store the data lives in the running bot, reached through its admin API)',
  );
}

/** The config when it loads; --url with --token needs none. */
function tryConfig(env: NodeJS.ProcessEnv): Readonly<Config> | undefined {
  try {
    return loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return undefined;
    throw err;
  }
}
