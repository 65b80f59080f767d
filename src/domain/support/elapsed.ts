import { DAY, HOUR, MINUTE } from '../../shared/clock';

/** A duration in its largest whole unit: { zh: '6 天', en: '6 days' }. */
export function elapsed(ms: number): { zh: string; en: string } {
  const [count, zh, en] =
    ms >= DAY
      ? [Math.floor(ms / DAY), '天', 'day']
      : ms >= HOUR
        ? [Math.floor(ms / HOUR), '小时', 'hour']
        : [Math.max(0, Math.floor(ms / MINUTE)), '分钟', 'minute'];
  return { zh: `${count} ${zh}`, en: `${count} ${en}${count === 1 ? '' : 's'}` };
}
