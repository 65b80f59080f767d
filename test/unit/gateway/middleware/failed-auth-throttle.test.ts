import { createFailedAuthThrottle } from '../../../../src/gateway/middleware/failed-auth-throttle';
import { ManualClock } from '../../../../src/shared/clock';

describe('createFailedAuthThrottle', () => {
  it('lets five wrong tries pass, then doubles the wait up to 15 minutes', () => {
    const clock = new ManualClock();
    const throttle = createFailedAuthThrottle(clock);
    const waits: number[] = [];
    for (let i = 0; i < 17; i++) {
      throttle.failed('10.0.0.1');
      waits.push(throttle.waitSeconds('10.0.0.1'));
      clock.advance(throttle.waitSeconds('10.0.0.1') * 1000);
    }
    expect(waits.slice(0, 5)).toEqual([0, 0, 0, 0, 0]);
    expect(waits.slice(5, 10)).toEqual([1, 2, 4, 8, 16]);
    expect(waits.at(-1)).toBe(900);
    expect(throttle.waitSeconds('10.0.0.2')).toBe(0);
  });

  it('forgets an address after a success or an hour of quiet', () => {
    const clock = new ManualClock();
    const throttle = createFailedAuthThrottle(clock);
    for (let i = 0; i < 6; i++) throttle.failed('a');
    expect(throttle.waitSeconds('a')).toBe(1);
    throttle.succeeded('a');
    expect(throttle.waitSeconds('a')).toBe(0);
    for (let i = 0; i < 12; i++) throttle.failed('b');
    clock.advance(61 * 60_000);
    throttle.failed('b');
    expect(throttle.waitSeconds('b')).toBe(0);
  });
});
