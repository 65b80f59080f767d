import { fromLocalTime, localTime } from './zoned-time';

/** When reminders may go out, in the enterprise's time zone; days 0 = Sunday … 6 = Saturday. */
export interface WorkingHours {
  timeZone: string;
  /** "HH:MM", inclusive. */
  start: string;
  /** "HH:MM", exclusive. */
  end: string;
  days: readonly number[];
}

/**
 * The earliest instant at or after `at` that falls within working hours: `at` itself when it
 * already does, else the next working day's start plus `offsetMinutes` (kept inside the day's
 * hours). Null working hours mean any time.
 */
export function nextWorkingTime(at: Date, wh: WorkingHours | null, offsetMinutes = 0): Date {
  if (!wh) return at;
  const start = minutesOf(wh.start);
  const end = minutesOf(wh.end);
  const opening = start + Math.max(0, Math.min(offsetMinutes, end - start - 1));
  const now = localTime(at, wh.timeZone);
  const nowMinutes = now.hour * 60 + now.minute;
  // Calendar arithmetic on the local date: a week ahead always meets one of the days.
  for (let ahead = 0; ahead <= 7; ahead++) {
    const date = new Date(Date.UTC(now.year, now.month - 1, now.day + ahead));
    if (!wh.days.includes(date.getUTCDay())) continue;
    if (ahead === 0 && nowMinutes >= end) continue;
    if (ahead === 0 && nowMinutes >= start) return at;
    return fromLocalTime(
      {
        year: date.getUTCFullYear(),
        month: date.getUTCMonth() + 1,
        day: date.getUTCDate(),
        hour: Math.floor(opening / 60),
        minute: opening % 60,
      },
      wh.timeZone,
    );
  }
  return at;
}

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
}
