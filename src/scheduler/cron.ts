import cron, { type ScheduledTask } from 'node-cron';
import { ConfigError } from '../shared/errors';
import type { Logger } from '../shared/logger';

export interface Job {
  name: string;
  /** Claims what is due with a lease held by `owner`, so several instances never do the same item. */
  run(owner: string): Promise<unknown>;
}

export interface Scheduler {
  /** Runs every job once, in order; one job failing does not stop the others. */
  tick(): Promise<Record<string, unknown>>;
  start(): void;
  stop(): Promise<void>;
}

export function createScheduler(opts: {
  jobs: Job[];
  owner: string;
  cron: string;
  logger: Logger;
}): Scheduler {
  if (!cron.validate(opts.cron))
    throw new ConfigError('scheduler.cron', `"${opts.cron}" is not a valid cron expression`);
  const log = opts.logger.child({ name: 'scheduler', owner: opts.owner });
  let task: ScheduledTask | undefined;

  async function tick(): Promise<Record<string, unknown>> {
    const results: Record<string, unknown> = {};
    for (const job of opts.jobs) {
      try {
        results[job.name] = await job.run(opts.owner);
      } catch (err) {
        log.error({ err, job: job.name }, 'scheduled job failed');
        results[job.name] = { error: (err as Error).message };
      }
    }
    return results;
  }

  return {
    tick,
    start() {
      // noOverlap: a slow tick is skipped rather than run twice at once in one instance.
      task = cron.schedule(opts.cron, () => tick().then(() => undefined), {
        noOverlap: true,
        name: 'bot-tick',
      });
      log.info({ cron: opts.cron }, 'scheduler started');
    },
    async stop() {
      await task?.stop();
      await task?.destroy();
    },
  };
}
