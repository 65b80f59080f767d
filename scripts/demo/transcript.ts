import { localTime } from '../../src/domain/rollout/zoned-time';
import type { Simulator } from '../../src/simulator/create-simulator';
import type { InboxEntry, SupportAlert } from '../../src/simulator/sim-types';
import type { Narration } from './narration';

const pad = (n: number) => String(n).padStart(2, '0');

/** "周四 03-05 10:06" in the enterprise's time zone: the reader checks working hours at a glance. */
export function localStamp(at: Date, timeZone: string, words: Pick<Narration, 'weekdays'>): string {
  const t = localTime(at, timeZone);
  return `${words.weekdays[t.weekday]} ${pad(t.month)}-${pad(t.day)} ${pad(t.hour)}:${pad(t.minute)}`;
}

export interface Transcript {
  readonly lines: string[];
  scene(title: string): void;
  /** What a person (or the narrator) does, in their words. */
  act(who: string, what: string): void;
  note(text: string): void;
  /**
   * Writes down what WeCom delivered since the last call: each message an admin received, each card
   * whose buttons the bot replaced, each support alert. Returns how many new things it wrote.
   */
  news(): number;
}

/** The story as text, read from the simulator: what people saw, not what the bot meant to send. */
export function createTranscript(
  sim: Simulator,
  opts: { timeZone: string; write?: (line: string) => void; words: Narration },
): Transcript {
  const lines: string[] = [];
  const seen = new Set<number>();
  const replaced = new Map<number, string>();
  let alertsSeen = 0;
  const stamp = (at: Date) => localStamp(at, opts.timeZone, opts.words);
  const w = opts.words.transcript;
  const push = (...more: string[]) => {
    for (const line of more) {
      lines.push(line);
      opts.write?.(line);
    }
  };

  return {
    lines,
    scene(title) {
      push('', `== ${title} ==  [${stamp(sim.state.clock.now())}]`);
    },
    act(who, what) {
      push(`  ${who}: ${what}`);
    },
    note(text) {
      push(`  (${text})`);
    },
    news() {
      let count = 0;
      for (const e of sim.state.inbox) {
        if (!seen.has(e.id)) {
          seen.add(e.id);
          if (e.from !== 'user') {
            push(...describeEntry(e, stamp(e.at), w));
            count++;
          }
        }
        if (e.replacedName !== undefined && replaced.get(e.id) !== e.replacedName) {
          replaced.set(e.id, e.replacedName);
          push(`  [${stamp(sim.state.clock.now())}] ${w.buttonsNow(e.userId, e.replacedName)}`);
          count++;
        }
      }
      const alerts = sim.alerts();
      for (const a of alerts.slice(alertsSeen)) {
        push(...describeAlert(a, stamp(a.at), w));
        count++;
      }
      alertsSeen = alerts.length;
      return count;
    },
  };
}

function describeEntry(e: InboxEntry, at: string, w: Narration['transcript']): string[] {
  if (e.msgtype === 'wecom_notice') {
    return [`  [${at}] ${w.notice(e.userId)}: ${e.content ?? ''}`];
  }
  if (e.msgtype === 'template_card' && e.card) {
    const c = e.card;
    const buttons = (c.button_list ?? []).map((b) => `[${b.text}]`).join(' ');
    return [
      `  [${at}] ${w.card(e.userId, c.main_title?.title ?? '')}`,
      ...indent([c.main_title?.desc, c.sub_title_text].filter(Boolean).join('\n')),
      ...(buttons ? [`      ${w.buttons}: ${buttons}`] : []),
    ];
  }
  return [`  [${at}] ${w.bot(e.userId)}`, ...indent(e.content ?? '')];
}

function describeAlert(a: SupportAlert, at: string, w: Narration['transcript']): string[] {
  return [`  [${at}] ${w.alert(a.key)}`, ...indent(a.content)];
}

function indent(text: string): string[] {
  return text ? text.split('\n').map((l) => `      ${l}`) : [];
}
