import { CONFIG_LIMITS, configProblem } from './config-rules';
import { countCharacters } from './count-characters';
import type { ConfigKind, ConfigProblem } from './types';

/** Intro length: templates 4–20 字, apps 4–120 字. */
export function checkIntro(intro: string, kind: ConfigKind): ConfigProblem[] {
  const min = CONFIG_LIMITS.introMin;
  const max = CONFIG_LIMITS.introMax[kind];
  const count = countCharacters(intro);
  if (count >= min && count <= max) return [];
  const [zhWhat, enWhat] = kind === 'template' ? ['模版介绍', 'template intro'] : ['应用介绍', 'app intro'];
  return [
    configProblem(
      'intro',
      'intro_length',
      `${zhWhat}须为 ${min}–${max} 个字，实际 ${count} 个字`,
      `${enWhat} must be ${min}–${max} characters, got ${count}`,
    ),
  ];
}
