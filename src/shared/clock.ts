/** Everything that waits, schedules or compares times gets its time from a Clock. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that only moves when told to; for tests, the simulator and the demo. */
export class ManualClock implements Clock {
  private current: number;

  constructor(start: Date | string | number = '2026-01-05T02:00:00Z') {
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  set(at: Date | string | number): void {
    this.current = new Date(at).getTime();
  }

  advance(ms: number): Date {
    this.current += ms;
    return this.now();
  }
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** The moment `minutes` after `from`: follow-ups are configured in minutes. */
export function minutesAfter(from: Date, minutes: number): Date {
  return new Date(from.getTime() + minutes * MINUTE);
}
