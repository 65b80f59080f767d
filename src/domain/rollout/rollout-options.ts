import type { WorkingHours } from './working-hours';

/** The rollout's settings, as the configuration's `rollout` section gives them. */
export interface RolloutOptions {
  /** The default time zone of enterprises without their own. */
  timeZone: string;
  /** The default plan; validated at start like a support override. */
  stages: unknown;
  /** The plan of a test enterprise: the same stages with short waits, to walk a template through. */
  testStages: unknown;
  firstReminderMinutes: number;
  workingHours: WorkingHours | null;
  /** Reminders without an answer before support takes over. */
  maxUnanswered: number;
  remindLaterMinutes: number;
}
