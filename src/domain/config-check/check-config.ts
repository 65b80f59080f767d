import { checkCallbackUrl } from './check-callback-url';
import { checkHomepageUrl } from './check-homepage-url';
import { checkIntro } from './check-intro';
import { checkIpWhitelist } from './check-ip-whitelist';
import { checkLogo } from './check-logo';
import { checkName } from './check-name';
import { checkTrustedDomain } from './check-trusted-domain';
import { configProblem } from './config-rules';
import type { ConfigCheckInput, ConfigCheckResult, ConfigProblem } from './types';

// The HTTP route and the CLI need only this module.
export { CONFIG_LIMITS, CONFIG_RULES, type ConfigRuleId } from './config-rules';
export { parseConfigCheckInput } from './parse-config-check-input';
export type { ConfigCheckInput, ConfigCheckResult, ConfigKind, ConfigProblem } from './types';

/**
 * Checks a template's or an app's configuration against the handbook's 填写标准 before it goes
 * to review, reporting every problem at once. A field left out is not checked; a blank homepage
 * or trusted domain counts as left out, since the form does not require them.
 */
export function checkConfig(input: ConfigCheckInput): ConfigCheckResult {
  const problems: ConfigProblem[] = [];
  if (input.logo !== undefined) problems.push(...checkLogo(input.logo));
  if (input.name !== undefined) problems.push(...checkName(input.name));
  if (input.intro !== undefined) problems.push(...checkIntro(input.intro, input.kind));
  if (input.callbackUrl !== undefined) problems.push(...checkCallbackUrl(input.callbackUrl));
  const appOnly = appOnlyFields(input);
  if (input.kind === 'app') {
    if (appOnly.homepageUrl !== undefined) problems.push(...checkHomepageUrl(appOnly.homepageUrl));
    if (appOnly.trustedDomain !== undefined) problems.push(...checkTrustedDomain(appOnly.trustedDomain));
    if (appOnly.ipWhitelist !== undefined) problems.push(...checkIpWhitelist(appOnly.ipWhitelist));
  } else {
    // Reported rather than ignored: a value here means an app's settings were checked as a
    // template, and silently skipping them would pass what was never checked.
    for (const field of Object.keys(appOnly) as (keyof AppOnlyFields)[]) {
      problems.push(
        configProblem(
          field,
          'not_applicable',
          `模版没有“${APP_ONLY_LABELS[field]}”（${field}），它只在代开发应用上填写；请以 kind=app 检查`,
          `templates have no ${field}: it belongs to apps; check it with kind=app`,
        ),
      );
    }
  }
  return { ok: problems.length === 0, problems };
}

type AppOnlyFields = Partial<Pick<ConfigCheckInput, 'homepageUrl' | 'trustedDomain' | 'ipWhitelist'>>;

/** The names these fields carry in the provider console (服务商后台). */
const APP_ONLY_LABELS: Record<keyof AppOnlyFields, string> = {
  homepageUrl: '应用主页',
  trustedDomain: '可信域名',
  ipWhitelist: 'IP 白名单',
};

/** The app-only fields that carry a value: blank strings and empty lists count as not given. */
function appOnlyFields(input: ConfigCheckInput): AppOnlyFields {
  const given: AppOnlyFields = {};
  if (input.homepageUrl?.trim()) given.homepageUrl = input.homepageUrl;
  if (input.trustedDomain?.trim()) given.trustedDomain = input.trustedDomain;
  if (input.ipWhitelist?.length) given.ipWhitelist = input.ipWhitelist;
  return given;
}
