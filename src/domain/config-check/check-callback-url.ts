import { configProblem } from './config-rules';
import type { ConfigProblem } from './types';
import { webUrlFault } from './web-url';

/** Callback URL: starts with https:// and is a valid URL; both are reported when both fail. */
export function checkCallbackUrl(url: string): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  // The scheme is case-insensitive (RFC 3986), so HTTPS:// passes.
  if (!/^https:\/\//i.test(url)) {
    problems.push(
      configProblem(
        'callbackUrl',
        'callback_url_https',
        '回调 URL 须以 https:// 开头',
        'callback URL must start with https://',
      ),
    );
  }
  const fault = webUrlFault(url);
  if (fault) {
    problems.push(
      configProblem(
        'callbackUrl',
        'callback_url_invalid',
        `回调 URL 不是有效的 URL：${fault.zh}`,
        `callback URL is not a valid URL: ${fault.en}`,
      ),
    );
  }
  return problems;
}
