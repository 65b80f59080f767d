/** Wall-clock fields of an instant in an IANA time zone (month 1–12, weekday 0 = Sunday). */
export interface LocalTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    // h23: some ICU versions print midnight as "24" with hour12: false.
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function localTime(at: Date, timeZone: string): LocalTime {
  const parts: Record<string, number> = {};
  for (const p of formatterFor(timeZone).formatToParts(at)) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const { year, month, day, hour, minute, second } = parts as Omit<LocalTime, 'weekday'>;
  return {
    year,
    month,
    day,
    hour,
    minute,
    second,
    weekday: new Date(Date.UTC(year, month - 1, day)).getUTCDay(),
  };
}

/**
 * The instant at which the zone's clocks show this wall time. In a spring-forward gap (the wall
 * time never happens) it is the first instant after the gap; in a fall-back overlap, either one.
 */
export function fromLocalTime(
  t: Pick<LocalTime, 'year' | 'month' | 'day' | 'hour' | 'minute'>,
  timeZone: string,
): Date {
  const wall = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute);
  const first = wall - offsetAt(wall, timeZone);
  const second = wall - offsetAt(first, timeZone);
  const candidates = [first, second];
  const exact = candidates.find((c) => wallOf(c, timeZone) === wall);
  return new Date(exact ?? Math.max(first, second));
}

/** Local minus UTC, in ms, at an instant. */
function offsetAt(instant: number, timeZone: string): number {
  return wallOf(instant, timeZone) - Math.floor(instant / 60_000) * 60_000;
}

/** The local wall time of an instant, as if it were UTC, to the minute. */
function wallOf(instant: number, timeZone: string): number {
  const l = localTime(new Date(instant), timeZone);
  return Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute);
}

/** Whether Intl knows the zone. */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** "2026-01-08 09:00", read the same in Chinese and English. */
export function formatLocal(at: Date, timeZone: string): string {
  const l = localTime(at, timeZone);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${l.year}-${two(l.month)}-${two(l.day)} ${two(l.hour)}:${two(l.minute)}`;
}
