/** A copy without the worker's lease: support views show the record, not who holds it now. */
export function withoutLease<T extends { lease?: unknown }>(x: T): Omit<T, 'lease'> {
  const copy = { ...x };
  delete copy.lease;
  return copy;
}
