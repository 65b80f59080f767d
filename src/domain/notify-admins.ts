import type { Outbox } from './ports';

export interface AdminNotice {
  suiteId: string;
  corpId: string;
  admins: readonly string[];
  /** What it is about, for the timeline. */
  topic: string;
  ref?: string;
  /** Each admin's message gets `${dedupeBase}:${admin}`, so a repeat of the same notice is written once. */
  dedupeBase: string;
  build(admin: string): Record<string, unknown>;
}

/** One message per admin, so each card has its own response code and its own delivery status. */
export async function notifyAdmins(outbox: Outbox, notice: AdminNotice): Promise<number> {
  let created = 0;
  for (const admin of new Set(notice.admins)) {
    const result = await outbox.enqueue({
      dedupeKey: `${notice.dedupeBase}:${admin}`,
      channel: 'app',
      suiteId: notice.suiteId,
      corpId: notice.corpId,
      toUser: admin,
      topic: notice.topic,
      ref: notice.ref,
      payload: notice.build(admin),
    });
    if (result.created) created++;
  }
  return created;
}
