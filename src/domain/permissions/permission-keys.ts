export type PermissionAnswer = 'approve' | 'decline';

/** The button key on a permission card: `perm:approve:<requestId>` or `perm:decline:<requestId>`. */
export function permissionKey(answer: PermissionAnswer, requestId: string): string {
  return `perm:${answer}:${requestId}`;
}
