import type { ConfigRuleId } from './config-rules';

/** A 代开发应用模版 (template) or an enterprise's 代开发 app: the two forms differ in fields and limits. */
export type ConfigKind = 'template' | 'app';

/**
 * What support staff want checked. Every field but `kind` is optional: a field left out is not
 * checked. `logo` is base64 text (HTTP) or the file's bytes (CLI).
 */
export interface ConfigCheckInput {
  kind: ConfigKind;
  name?: string;
  intro?: string;
  callbackUrl?: string;
  homepageUrl?: string;
  trustedDomain?: string;
  ipWhitelist?: readonly string[];
  logo?: string | Uint8Array;
}

/** One broken rule; `field` may carry an index (`ipWhitelist[2]`) to point at one entry. */
export interface ConfigProblem {
  field: string;
  rule: ConfigRuleId;
  message: string;
}

export interface ConfigCheckResult {
  ok: boolean;
  problems: ConfigProblem[];
}

/** A text in Chinese and in English, joined as `zh / en` where staff read it. */
export interface Bilingual {
  zh: string;
  en: string;
}
