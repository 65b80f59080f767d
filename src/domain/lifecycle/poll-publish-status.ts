import { MINUTE } from '../../shared/clock';
import { isActive } from '../enterprise/context';
import { runLeasedTick } from '../leased-tick';
import type { App } from '../model';
import { markEnabled } from './enable-app';
import type { LifecycleDeps } from './lifecycle-deps';

export interface PollResult {
  /** Seen online in agent/get and moved to enabled. */
  enabled: number;
  /** Not online yet: polled again later. */
  developing: number;
  /** The authorization was cancelled: no more polling. */
  stopped: number;
}

/** Long enough for a batch of agent/get calls with the client's retries. */
const POLL_LEASE_MS = 2 * MINUTE;

/** WeCom sends no callback when a 代开发 app goes online: poll agent/get for apps not yet enabled. */
export function pollPublishStatus(deps: LifecycleDeps, owner: string, limit = 20): Promise<PollResult> {
  const { stores, clock } = deps;
  const nextPoll = (): Date => new Date(clock.now().getTime() + deps.pollIntervalMinutes * MINUTE);
  const log = deps.logger.child({ name: 'lifecycle' });
  return runLeasedTick<App, keyof PollResult>(
    {
      claim: () => stores.apps.claimDuePolls({ owner, now: clock.now(), leaseMs: POLL_LEASE_MS, limit }),
      describe: (app) => ({ suiteId: app.suiteId, corpId: app.corpId, job: 'publish status poll' }),
      giveBack: (app) => stores.apps.releasePoll(app.suiteId, app.corpId, owner, nextPoll()),
      async handle(app) {
        const ctx = await deps.contexts.load(app.suiteId, app.corpId);
        if (!isActive(ctx)) {
          await stores.apps.releasePoll(app.suiteId, app.corpId, owner, undefined);
          return 'stopped';
        }
        const agent = await ctx.wecom.getAgent();
        const now = clock.now();
        await stores.apps.update(
          app.suiteId,
          app.corpId,
          {
            visibility: agent.visibility,
            visibilityObservedAt: now,
            publishStatus: agent.publishStatus,
            closed: agent.closed,
            name: agent.name || app.name,
          },
          now,
        );
        // 2 online, 3 online with a newer version not yet published.
        const online = agent.publishStatus === 2 || agent.publishStatus === 3;
        const enabled = online && (await markEnabled(deps, ctx, 'wecom:agent/get'));
        await stores.apps.releasePoll(app.suiteId, app.corpId, owner, online ? undefined : nextPoll());
        if (!online) return 'developing';
        return enabled ? 'enabled' : undefined;
      },
    },
    { enabled: 0, developing: 0, stopped: 0 },
    log,
  );
}
