import type { PermissionRequestState } from '../model';
import type { FunnelStage } from '../support/funnel-stage';

export interface FunnelCount {
  stage: FunnelStage;
  count: number;
  /** Of those, how many have a rollout isStuck (domain/rollout/is-stuck.ts) holds stuck at `now`. */
  stuck: number;
}

export interface MessageOutcomes {
  sent: number;
  failed: number;
}

/**
 * The overview's charts, answered from aggregates: the cost must not grow with the number of
 * enterprises (the memory adapter keeps running counts, mongo answers with indexed aggregations).
 * "Customers" leaves out the provider's test enterprises (Authorization.test).
 */
export interface ChartStore {
  /** Customers' apps whose authorization is active, by funnel stage: every stage, in funnel order. */
  funnel(now: Date): Promise<FunnelCount[]>;
  /** Customers' enabled apps by whole days from the app's start (its authorization) to enabledAt. */
  daysToEnabled(): Promise<{ days: number; count: number }[]>;
  /**
   * Customers' permission requests filed in [since, until), by the state they are in now. The
   * memory adapter counts by quarter hour: give bounds on the quarter hour (a day's start is).
   */
  requestOutcomes(since: Date, until: Date): Promise<Record<PermissionRequestState, number>>;
  /**
   * Customers' messages (those to an enterprise) sent and failed in each interval between
   * consecutive bounds (ascending, on the quarter hour): n bounds give n − 1 intervals. A message
   * counts when it was sent (sentAt) or gave up (its last update as failed), while the outbox
   * keeps it (purgeFinished forgets it here too).
   */
  messageOutcomes(bounds: readonly Date[]): Promise<MessageOutcomes[]>;
}
