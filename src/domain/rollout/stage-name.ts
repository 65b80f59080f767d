import type { Locale } from '../../shared/locale';
import type { RolloutStage } from '../model';

/** A stage's configured name in one language: its own `name` when none was given for that one. */
export function stageName(stage: Pick<RolloutStage, 'name' | 'names'>, locale: Locale): string {
  return stage.names?.[locale] ?? stage.name;
}

/** For lines read in both languages at once (the CLI's): "部门 / Department", once when they agree. */
export function bilingualStageName(stage: Pick<RolloutStage, 'name' | 'names'>): string {
  const zh = stageName(stage, 'zh-CN');
  const en = stageName(stage, 'en');
  return zh === en ? zh : `${zh} / ${en}`;
}
