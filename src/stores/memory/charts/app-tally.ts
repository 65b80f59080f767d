import { wholeDays } from '../../../domain/support/overview-charts';
import type { App, Authorization, Rollout } from '../../../domain/model';
import {
  PROGRESS_STEPS,
  STUCK_OVERDUE_MS,
  STUCK_WITHOUT_PROGRESS_MS,
} from '../../../domain/rollout/is-stuck';
import { FUNNEL_STAGES, funnelStage, type FunnelStage } from '../../../domain/support/funnel-stage';
import type { FunnelCount } from '../../../domain/ports/chart-store';
import { StuckTimers } from './stuck-timers';

interface Share {
  stage?: FunnelStage;
  escalated: boolean;
  days?: number;
}

const PROGRESS = new Set(PROGRESS_STEPS);

/**
 * Running counts of apps by funnel stage and by days to enabled, each app's share worked out
 * again from its three records (authorization, app, rollout) whenever one of them is written.
 */
export class AppTally {
  private readonly shares = new Map<string, Share>();
  private readonly stages = new Map<FunnelStage, { count: number; escalated: number }>(
    FUNNEL_STAGES.map((s) => [s, { count: 0, escalated: 0 }]),
  );
  private readonly days = new Map<number, number>();
  private readonly timers = new StuckTimers();

  refresh(key: string, auth?: Authorization, app?: App, rollout?: Rollout): void {
    const old = this.shares.get(key);
    if (old) this.count(old, -1);
    this.timers.remove(key);
    const share = shareOf(auth, app, rollout);
    this.shares.set(key, share);
    this.count(share, 1);
    if (share.stage && rollout?.state === 'active') this.timers.add(key, share.stage, stuckAt(rollout));
  }

  funnel(now: Date): FunnelCount[] {
    const timed = this.timers.count(now.getTime());
    return FUNNEL_STAGES.map((stage) => {
      const { count, escalated } = this.stages.get(stage)!;
      return { stage, count, stuck: escalated + (timed.get(stage) ?? 0) };
    });
  }

  daysToEnabled(): { days: number; count: number }[] {
    return [...this.days].filter(([, count]) => count > 0).map(([days, count]) => ({ days, count }));
  }

  private count(share: Share, by: 1 | -1): void {
    if (share.stage) {
      const stage = this.stages.get(share.stage)!;
      stage.count += by;
      if (share.escalated) stage.escalated += by;
    }
    if (share.days !== undefined) this.days.set(share.days, (this.days.get(share.days) ?? 0) + by);
  }
}

/** Only customers count; the funnel only while the authorization is active. */
function shareOf(auth?: Authorization, app?: App, rollout?: Rollout): Share {
  if (!auth || !app || auth.test) return { escalated: false };
  const days = app.enabledAt ? wholeDays(app.createdAt, app.enabledAt) : undefined;
  if (auth.state !== 'active') return { escalated: false, ...(days !== undefined ? { days } : {}) };
  return {
    stage: funnelStage(app, rollout),
    escalated: rollout?.state === 'escalated',
    ...(days !== undefined ? { days } : {}),
  };
}

/** The moment after which isStuck holds an active rollout stuck, unless it changes first. */
function stuckAt(r: Rollout): number {
  const progressAt = r.history.filter((h) => PROGRESS.has(h.what)).at(-1)?.at ?? r.createdAt;
  const quiet = progressAt.getTime() + STUCK_WITHOUT_PROGRESS_MS;
  return r.nextReminderAt ? Math.min(quiet, r.nextReminderAt.getTime() + STUCK_OVERDUE_MS) : quiet;
}
