import { startOffsetMinutes } from '../../../../src/domain/rollout/schedule';
import { nextWorkingTime, type WorkingHours } from '../../../../src/domain/rollout/working-hours';

const shanghai: WorkingHours = {
  timeZone: 'Asia/Shanghai',
  start: '09:00',
  end: '18:00',
  days: [1, 2, 3, 4, 5],
};
const at = (iso: string): Date => new Date(iso);

describe('nextWorkingTime', () => {
  it('keeps a time inside working hours', () => {
    expect(nextWorkingTime(at('2026-01-05T10:00+08:00'), shanghai)).toEqual(at('2026-01-05T10:00+08:00'));
  });

  it('moves a night time to the next morning at 09:00 local', () => {
    expect(nextWorkingTime(at('2026-01-06T23:30+08:00'), shanghai)).toEqual(at('2026-01-07T09:00+08:00'));
    expect(nextWorkingTime(at('2026-01-07T03:00+08:00'), shanghai)).toEqual(at('2026-01-07T09:00+08:00'));
  });

  it('treats the start as inside and the end as outside', () => {
    expect(nextWorkingTime(at('2026-01-05T09:00+08:00'), shanghai)).toEqual(at('2026-01-05T09:00+08:00'));
    expect(nextWorkingTime(at('2026-01-05T18:00+08:00'), shanghai)).toEqual(at('2026-01-06T09:00+08:00'));
  });

  it('moves Friday evening and the weekend to Monday morning', () => {
    expect(nextWorkingTime(at('2026-01-09T19:00+08:00'), shanghai)).toEqual(at('2026-01-12T09:00+08:00'));
    expect(nextWorkingTime(at('2026-01-10T11:00+08:00'), shanghai)).toEqual(at('2026-01-12T09:00+08:00'));
    expect(nextWorkingTime(at('2026-01-11T23:59+08:00'), shanghai)).toEqual(at('2026-01-12T09:00+08:00'));
  });

  it('uses the local date, not the UTC one', () => {
    // Monday 01:00 in Shanghai is still Sunday 17:00 UTC.
    expect(nextWorkingTime(at('2026-01-05T01:00+08:00'), shanghai)).toEqual(at('2026-01-05T09:00+08:00'));
  });

  it('returns the time unchanged without working hours', () => {
    const night = at('2026-01-10T03:00+08:00');
    expect(nextWorkingTime(night, null)).toBe(night);
  });

  it('keeps 09:00 local across a daylight-saving change', () => {
    const berlin = { ...shanghai, timeZone: 'Europe/Berlin' };
    // Friday evening in winter time, Monday morning in summer time (clocks went forward on Sunday 29 March).
    expect(nextWorkingTime(at('2026-03-27T19:00+01:00'), berlin)).toEqual(at('2026-03-30T09:00+02:00'));
    const newYork = { ...shanghai, timeZone: 'America/New_York' };
    // Saturday before the autumn change (1 November) to Monday in standard time.
    expect(nextWorkingTime(at('2026-10-31T12:00-04:00'), newYork)).toEqual(at('2026-11-02T09:00-05:00'));
  });

  it('starts after a gap when the start time does not exist that day', () => {
    const gap = { timeZone: 'America/New_York', start: '02:30', end: '18:00', days: [0] };
    // Sunday 8 March 2026 02:30 never happens in New York: clocks jump from 02:00 to 03:00.
    expect(nextWorkingTime(at('2026-03-08T01:00-05:00'), gap)).toEqual(at('2026-03-08T03:30-04:00'));
  });

  it("moves a time into the next working day at the enterprise's minute of the first hour, never later than the hours", () => {
    expect(nextWorkingTime(at('2026-01-06T23:30+08:00'), shanghai, 37)).toEqual(at('2026-01-07T09:37+08:00'));
    expect(nextWorkingTime(at('2026-01-05T01:00+08:00'), shanghai, 5)).toEqual(at('2026-01-05T09:05+08:00'));
    // Already inside the hours: the time stays as it is.
    expect(nextWorkingTime(at('2026-01-05T09:10+08:00'), shanghai, 37)).toEqual(at('2026-01-05T09:10+08:00'));
    const short = { ...shanghai, start: '09:00', end: '09:20' };
    expect(nextWorkingTime(at('2026-01-05T01:00+08:00'), short, 37)).toEqual(at('2026-01-05T09:19+08:00'));
  });
});

describe('startOffsetMinutes', () => {
  it('is stable per enterprise, within the first hour, and spread across enterprises', () => {
    expect(startOffsetMinutes('dk1', 'wwcorp1')).toBe(startOffsetMinutes('dk1', 'wwcorp1'));
    const minutes = Array.from({ length: 200 }, (_, i) => startOffsetMinutes('dk1', `wwcorp${i}`));
    expect(minutes.every((m) => Number.isInteger(m) && m >= 0 && m < 60)).toBe(true);
    expect(new Set(minutes).size).toBeGreaterThan(40);
    // The template is part of the key: an enterprise's apps of two templates need not share a minute.
    expect(
      new Set(['dk1', 'dk2', 'dk3', 'dk4'].map((suite) => startOffsetMinutes(suite, 'wwcorp1'))).size,
    ).toBeGreaterThan(1);
  });
});
