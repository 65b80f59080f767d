import type { Lease } from '../../domain/model';
import type { Claim } from '../../domain/ports/stores';

export function isLeaseLive(lease: Lease | undefined, now: Date): boolean {
  return lease !== undefined && lease.until.getTime() > now.getTime();
}

/**
 * Leases the due items that no live lease holds, earliest due first, up to the limit. It runs
 * without awaiting, so two concurrent claims can never take the same item.
 */
export function claimDue<T extends { lease?: Lease }>(
  items: Iterable<T>,
  claim: Claim,
  dueAt: (item: T) => Date | undefined,
): T[] {
  const now = claim.now.getTime();
  const due: { item: T; at: number }[] = [];
  for (const item of items) {
    const at = dueAt(item)?.getTime();
    if (at !== undefined && at <= now && !isLeaseLive(item.lease, claim.now)) due.push({ item, at });
  }
  // Array.prototype.sort is stable, so equal due times keep insertion order.
  due.sort((a, b) => a.at - b.at);
  const taken = due.slice(0, Math.max(0, claim.limit)).map((d) => d.item);
  for (const item of taken) item.lease = { owner: claim.owner, until: new Date(now + claim.leaseMs) };
  return taken;
}
