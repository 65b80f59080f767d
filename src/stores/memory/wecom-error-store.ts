import type { WecomErrorRecord } from '../../domain/model';
import type { WecomErrorStore } from '../../domain/ports/stores';
import { newestFirst } from './newest-first';
import { clone } from './clone';

export class MemoryWecomErrorStore implements WecomErrorStore {
  private readonly records: WecomErrorRecord[] = [];

  async record(e: WecomErrorRecord): Promise<void> {
    this.records.push(clone(e));
  }

  async list(filter: { corpId?: string; since?: Date; limit?: number } = {}): Promise<WecomErrorRecord[]> {
    const found = this.records.filter(
      (e) =>
        (filter.corpId === undefined || e.corpId === filter.corpId) &&
        (filter.since === undefined || e.at.getTime() >= filter.since.getTime()),
    );
    return clone(newestFirst(found, (e) => e.at, filter.limit));
  }

  async countByCode(): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const e of this.records) counts[String(e.errcode)] = (counts[String(e.errcode)] ?? 0) + 1;
    return counts;
  }
}
