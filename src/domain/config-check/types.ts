import type { Bilingual, ConfigKind, ConfigProblem } from './config-rules';

export type { Bilingual, ConfigKind, ConfigProblem };

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

export interface ConfigCheckResult {
  ok: boolean;
  problems: ConfigProblem[];
}
