import { minutesAfter } from '../../shared/clock';
import { nextWorkingTime, type WorkingHours } from './working-hours';

/** The enterprise whose clock counts: its context carries its own time zone (or the configured one). */
type Zoned = { readonly timeZone: string };

/** When the rollout may speak to an enterprise: the configured working hours, in its time zone. */
export interface Schedule {
  /** `minutes` after `from`, moved into working hours; the configured zone without an enterprise. */
  after(from: Date, minutes: number, enterprise?: Zoned): Date;
}

export function createSchedule(workingHours: WorkingHours | null): Schedule {
  const hoursOf = (e?: Zoned): WorkingHours | null =>
    workingHours && (e ? { ...workingHours, timeZone: e.timeZone } : workingHours);
  return {
    after: (from, minutes, e) => nextWorkingTime(minutesAfter(from, minutes), hoursOf(e)),
  };
}
