import { configProblem } from './config-rules';
import type { ConfigProblem } from './types';
import { webUrlFault } from './web-url';

/** Homepage (apps only): a valid http:// or https:// URL; the handbook does not demand https here. */
export function checkHomepageUrl(url: string): ConfigProblem[] {
  const fault =
    webUrlFault(url) ??
    (/^https?:\/\//i.test(url)
      ? undefined
      : { zh: '须以 http:// 或 https:// 开头', en: 'it must start with http:// or https://' });
  if (!fault) return [];
  return [
    configProblem(
      'homepageUrl',
      'homepage_url_invalid',
      `应用主页不是有效的 http(s) URL：${fault.zh}`,
      `homepage is not a valid http(s) URL: ${fault.en}`,
    ),
  ];
}
