import type { OutboxMessage } from '../domain/model';
import { HOUR, MINUTE } from '../shared/clock';
import { recipients } from './enqueue';

/**
 * Sends per member, kept under WeCom's 30 a minute and 1000 an hour: beyond those it drops
 * messages without an error. Counted in this process only.
 */
export function createMemberBudget(budget: { perMinute: number; perHour: number }) {
  /** Send times per corp+member within the last hour. */
  const sends = new Map<string, number[]>();
  return {
    keysOf(m: OutboxMessage): string[] {
      const users = m.toUser ? [m.toUser] : recipients(m.payload.touser).filter((u) => u !== '@all');
      return users.map((u) => `${m.corpId}:${u}`);
    },

    /** When the busiest member has budget again; undefined when every member has budget now. */
    freesAt(keys: string[], now: number): number | undefined {
      let freesAt: number | undefined;
      for (const key of keys) {
        const times = (sends.get(key) ?? []).filter((t) => t > now - HOUR);
        if (times.length) sends.set(key, times);
        else sends.delete(key);
        const lastMinute = times.filter((t) => t > now - MINUTE);
        const candidates: number[] = [];
        if (lastMinute.length >= budget.perMinute)
          candidates.push(lastMinute[lastMinute.length - budget.perMinute] + MINUTE);
        if (times.length >= budget.perHour) candidates.push(times[times.length - budget.perHour] + HOUR);
        for (const c of candidates) freesAt = Math.max(freesAt ?? c, c);
      }
      return freesAt;
    },

    spend(keys: string[], now: number): void {
      for (const key of keys) sends.set(key, [...(sends.get(key) ?? []), now]);
    },
  };
}
