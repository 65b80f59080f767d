/** The keys of each enterprise's records: a list for one enterprise reads only its own. */
export class CorpIndex<K> {
  private readonly byCorp = new Map<string, Set<K>>();

  add(corpId: string, key: K): void {
    const keys = this.byCorp.get(corpId);
    if (keys) keys.add(key);
    else this.byCorp.set(corpId, new Set([key]));
  }

  delete(corpId: string, key: K): void {
    const keys = this.byCorp.get(corpId);
    keys?.delete(key);
    if (keys?.size === 0) this.byCorp.delete(corpId);
  }

  keysOf(corpId: string): K[] {
    return [...(this.byCorp.get(corpId) ?? [])];
  }

  /** How many enterprises have a record. */
  get corps(): number {
    return this.byCorp.size;
  }
}
