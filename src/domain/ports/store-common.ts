/** A lease on due items: this owner holds them until now + leaseMs (see stores.ts). */
export interface Claim {
  owner: string;
  now: Date;
  leaseMs: number;
  limit: number;
}

/**
 * How many records share each value of the named fields: a counted query or a running count for
 * /metrics, which must cost the same whatever a collection holds (never a listing).
 */
export interface CountedGroup<K extends string> {
  group: Record<K, string>;
  count: number;
}
