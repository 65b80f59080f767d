import type { Bilingual } from './types';

export type ImageHeader =
  | { kind: 'image'; format: 'png' | 'jpeg'; width: number; height: number }
  | { kind: 'corrupt'; format: 'png' | 'jpeg'; reason: Bilingual }
  | { kind: 'unsupported'; detected: string | undefined };

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Formats people upload by mistake, named so the message can say what was sent. */
const OTHER_FORMATS: readonly { name: string; test: (b: Buffer) => boolean }[] = [
  { name: 'GIF', test: (b) => ascii(b, 0, 4) === 'GIF8' },
  { name: 'WebP', test: (b) => ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WEBP' },
  { name: 'BMP', test: (b) => ascii(b, 0, 2) === 'BM' },
  { name: 'TIFF', test: (b) => ['II*\0', 'MM\0*'].includes(ascii(b, 0, 4)) },
  { name: 'HEIC/AVIF', test: (b) => ascii(b, 4, 8) === 'ftyp' },
  { name: 'SVG', test: (b) => /^\s*</.test(ascii(b, 0, 64)) },
];

/**
 * Reads format and pixel size from an image's header alone (PNG IHDR, JPEG SOFn), so a logo
 * can be checked without an image library and without decoding pixels.
 */
export function readImageHeader(bytes: Buffer): ImageHeader {
  if (bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return readPng(bytes);
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return readJpeg(bytes);
  return { kind: 'unsupported', detected: OTHER_FORMATS.find((f) => f.test(bytes))?.name };
}

function readPng(b: Buffer): ImageHeader {
  // The spec puts IHDR first, always 13 bytes long.
  if (b.length < 24 || b.readUInt32BE(8) !== 13 || ascii(b, 12, 16) !== 'IHDR') {
    return corrupt('png', { zh: '缺少 IHDR 头', en: 'IHDR chunk missing' });
  }
  return sized('png', b.readUInt32BE(16), b.readUInt32BE(20));
}

/** SOF0–SOF15 but DHT (C4), JPG (C8) and DAC (CC), which share the range. */
function isStartOfFrame(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

/**
 * Walks the marker segments by their lengths until the frame header. Scanning for the bytes
 * FF C0 instead would pick up the thumbnail that EXIF (APP1) often embeds.
 */
function readJpeg(b: Buffer): ImageHeader {
  let i = 2;
  while (i < b.length) {
    if (b[i] !== 0xff) return corrupt('jpeg', { zh: '段标记错位', en: 'segment marker out of place' });
    while (b[i] === 0xff) i++; // fill bytes may pad any marker
    if (i >= b.length) break;
    const marker = b[i++];
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) continue; // TEM, RSTn: no length
    if (marker === 0xda || marker === 0xd9 || marker === 0xd8 || marker === 0x00) {
      return corrupt('jpeg', { zh: '图像数据前没有 SOF 帧头', en: 'no SOF frame header before image data' });
    }
    if (i + 2 > b.length) break;
    const length = b.readUInt16BE(i); // counts its own two bytes
    if (length < 2) return corrupt('jpeg', { zh: '段长度无效', en: 'invalid segment length' });
    if (isStartOfFrame(marker)) {
      // length(2) precision(1) height(2) width(2)
      if (length < 8 || i + 7 > b.length) break;
      return sized('jpeg', b.readUInt16BE(i + 5), b.readUInt16BE(i + 3));
    }
    i += length;
  }
  return corrupt('jpeg', { zh: '文件在 SOF 帧头之前截断', en: 'file ends before the SOF frame header' });
}

function sized(format: 'png' | 'jpeg', width: number, height: number): ImageHeader {
  // A JPEG height of 0 defers to a later DNL segment; WeCom's review tools would not read that either.
  if (width === 0 || height === 0) return corrupt(format, { zh: '尺寸为 0', en: 'size is 0' });
  return { kind: 'image', format, width, height };
}

function corrupt(format: 'png' | 'jpeg', reason: Bilingual): ImageHeader {
  return { kind: 'corrupt', format, reason };
}

function ascii(b: Buffer, start: number, end: number): string {
  return b.subarray(start, end).toString('latin1');
}
