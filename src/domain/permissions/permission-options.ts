/** The permission follow-ups' settings, as the configuration's `permissions` section gives them. */
export interface PermissionOptions {
  /** After a not-now, ask again this much later. */
  reraiseAfterMinutes: number;
  /** How many times a declined request is raised again. */
  maxReraises: number;
  /** After an approve answer, check WeCom again after this long, doubling each time (capped at a day). */
  effectRecheckMinutes: number;
  /** Checks still answering 48002 before support is told. */
  effectAlertAfterChecks: number;
  /** After an approve answer without evidence for this long, the admin who said yes is reminded once. */
  confirmReminderMinutes: number;
}
