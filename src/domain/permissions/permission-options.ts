/** The permission follow-ups' settings, as the configuration's `permissions` section gives them. */
export interface PermissionOptions {
  /** After a not-now, ask again this much later. */
  reraiseAfterMinutes: number;
  /** How many times a declined request is raised again. */
  maxReraises: number;
  /** After an approval, check the effect again this often while it is not seen. */
  effectRecheckMinutes: number;
  /** Checks still answering 48002 before support is told. */
  effectAlertAfterChecks: number;
}
