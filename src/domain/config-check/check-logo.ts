import { CONFIG_LIMITS, configProblem } from './config-rules';
import { decodeStrictBase64 } from './decode-base64';
import { readImageHeader } from './read-image-header';
import type { ConfigProblem } from './types';

const { logoSide: SIDE, logoMaxBytes: MAX_BYTES } = CONFIG_LIMITS;

/** Logo rules: base64 (when text), jpg/png by magic bytes, square 750×750, at most 1 MB. */
export function checkLogo(logo: string | Uint8Array): ConfigProblem[] {
  const bytes =
    typeof logo === 'string'
      ? decodeStrictBase64(logo)
      : Buffer.from(logo.buffer, logo.byteOffset, logo.length);
  if (!bytes) {
    return [
      configProblem(
        'logo',
        'logo_not_base64',
        'logo 不是有效的 base64 编码',
        'logo is not valid base64 (standard alphabet, with padding)',
      ),
    ];
  }
  const problems: ConfigProblem[] = [];
  const header = readImageHeader(bytes);
  if (header.kind === 'unsupported') {
    const got =
      bytes.length === 0
        ? { zh: '内容为空', en: 'it is empty' }
        : header.detected
          ? { zh: `收到的是 ${header.detected}`, en: `got ${header.detected}` }
          : { zh: '格式无法识别', en: 'its format is not recognised' };
    problems.push(
      configProblem(
        'logo',
        'logo_format',
        `logo 须为 jpg 或 png 图片，${got.zh}`,
        `logo must be a jpg or png image, ${got.en}`,
      ),
    );
  } else if (header.kind === 'corrupt') {
    problems.push(
      configProblem(
        'logo',
        'logo_corrupt',
        `logo 的 ${header.format.toUpperCase()} 文件头损坏：${header.reason.zh}`,
        `logo's ${header.format.toUpperCase()} header is damaged: ${header.reason.en}`,
      ),
    );
  } else if (header.width !== SIDE || header.height !== SIDE) {
    const size = `${header.width}×${header.height}`;
    const notSquare = header.width !== header.height;
    problems.push(
      configProblem(
        'logo',
        'logo_dimensions',
        `logo 须为正方形 ${SIDE}×${SIDE} 像素，实际为 ${size}${notSquare ? '（不是正方形）' : ''}`,
        `logo must be square, ${SIDE}×${SIDE} pixels, got ${size}${notSquare ? ' (not square)' : ''}`,
      ),
    );
  }
  if (bytes.length > MAX_BYTES) {
    // Rounded up, so 1 byte over never reads as "1.00 MB".
    const mb = (Math.ceil((bytes.length / MAX_BYTES) * 100) / 100).toFixed(2);
    problems.push(
      configProblem(
        'logo',
        'logo_size',
        `logo 须在 1 MB 以内，实际为 ${mb} MB（${bytes.length} 字节）`,
        `logo must be at most 1 MB, got ${mb} MB (${bytes.length} bytes)`,
      ),
    );
  }
  return problems;
}
