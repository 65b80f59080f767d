import { minutesAfter } from '../../shared/clock';
import { nextWorkingTime, type WorkingHours } from './working-hours';

/**
 * The enterprise a time is for: its ids pick its minute in the first working hour; its context
 * carries its own time zone (without one, the configured zone counts).
 */
type Enterprise = { readonly suiteId: string; readonly corpId: string; readonly timeZone?: string };

/** When the rollout may speak to an enterprise: the configured working hours, in its time zone. */
export interface Schedule {
  /**
   * `minutes` after `from`, moved into working hours. A time moved to a working day's start lands
   * at the enterprise's own minute of the first working hour (startOffsetMinutes).
   */
  after(from: Date, minutes: number, enterprise: Enterprise): Date;
}

export function createSchedule(workingHours: WorkingHours | null): Schedule {
  const hoursOf = (e: Enterprise): WorkingHours | null =>
    workingHours && (e.timeZone ? { ...workingHours, timeZone: e.timeZone } : workingHours);
  return {
    after: (from, minutes, e) =>
      nextWorkingTime(minutesAfter(from, minutes), hoursOf(e), startOffsetMinutes(e.suiteId, e.corpId)),
  };
}

/**
 * The enterprise's minute (0–59) in the first working hour: the same for it every day, spread
 * across enterprises, so what waited overnight does not all go out in one burst at the start.
 * FNV-1a of the ids: stable across processes and restarts, as a seeded hash would not be.
 */
export function startOffsetMinutes(suiteId: string, corpId: string): number {
  const ids = `${suiteId}:${corpId}`;
  let hash = 0x811c9dc5;
  for (let i = 0; i < ids.length; i++) {
    hash = Math.imul(hash ^ ids.charCodeAt(i), 0x01000193) >>> 0;
  }
  return hash % 60;
}
