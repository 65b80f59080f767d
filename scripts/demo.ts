import { isLocale, LOCALES, type Locale } from '../src/shared/locale';
import { runTour } from './demo/run-tour';
import { narration } from './demo/narration';

/** `--locale en` (or `--locale=en`): the enterprise's language, which the whole transcript speaks. */
function localeFrom(args: readonly string[]): Locale {
  const i = args.findIndex((a) => a === '--locale' || a.startsWith('--locale='));
  if (i < 0) return 'zh-CN';
  const value = args[i]!.includes('=') ? args[i]!.split('=')[1] : args[i + 1];
  if (!isLocale(value)) {
    console.error(`--locale must be one of: ${LOCALES.join(', ')}`);
    process.exit(2);
  }
  return value;
}

/** `npm run demo`: plays the whole story on a fast clock and prints it; exits non-zero if a step fails. */
async function main(): Promise<void> {
  const locale = localeFrom(process.argv.slice(2));
  const n = narration(locale);
  const started = Date.now();
  console.log(n.title);
  try {
    const result = await runTour({ write: (line) => console.log(line), locale });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(n.finished(seconds, result.stageName, result.rollout.state));
  } catch (err) {
    console.error(n.failed(err instanceof Error ? err.message : String(err)));
    process.exit(1);
  }
}

void main();
