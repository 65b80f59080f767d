import { readImageHeader } from '../../../../src/domain/config-check/read-image-header';
import { buildJpeg, buildPng, exifWithThumbnail, jpegSegment } from '../../../fixtures/images/build-images';

describe('readImageHeader', () => {
  describe('PNG', () => {
    it('reads the size from IHDR', () => {
      expect(readImageHeader(buildPng(750, 750))).toEqual({
        kind: 'image',
        format: 'png',
        width: 750,
        height: 750,
      });
      expect(readImageHeader(buildPng(800, 600))).toMatchObject({ width: 800, height: 600 });
    });

    it('calls a PNG without a full IHDR corrupt', () => {
      const png = buildPng(10, 10);
      expect(readImageHeader(png.subarray(0, 23))).toMatchObject({ kind: 'corrupt', format: 'png' });
      const renamed = Buffer.from(png);
      renamed.write('IDAT', 12, 'latin1');
      expect(readImageHeader(renamed)).toMatchObject({ kind: 'corrupt', format: 'png' });
    });

    it('calls a zero size corrupt', () => {
      expect(readImageHeader(buildPng(0, 750))).toMatchObject({ kind: 'corrupt', format: 'png' });
    });
  });

  describe('JPEG', () => {
    it.each([
      ['SOF0 baseline', 0xc0],
      ['SOF1 extended', 0xc1],
      ['SOF2 progressive', 0xc2],
      ['SOF3 lossless', 0xc3],
      ['SOF9 arithmetic', 0xc9],
    ])('reads the size from %s', (_name, sof) => {
      expect(readImageHeader(buildJpeg(750, 600, { sof }))).toEqual({
        kind: 'image',
        format: 'jpeg',
        width: 750,
        height: 600,
      });
    });

    it('skips APPn segments by their length, not fooled by an EXIF thumbnail', () => {
      const icc = jpegSegment(0xe2, Buffer.alloc(3000, 0xc0)); // big APP2 full of C0 bytes
      const jpeg = buildJpeg(750, 750, { before: [exifWithThumbnail(160, 120), icc] });
      expect(readImageHeader(jpeg)).toMatchObject({ width: 750, height: 750 });
    });

    it('skips DHT, DAC, DQT and COM, whose markers sit near or in the SOF range', () => {
      const before = [0xc4, 0xcc, 0xdb, 0xfe].map((m) => jpegSegment(m, Buffer.from([0, 1, 2, 3])));
      expect(readImageHeader(buildJpeg(640, 480, { before }))).toMatchObject({ width: 640, height: 480 });
    });

    it('skips fill bytes before a marker and restart-style markers without length', () => {
      const standalone = Buffer.from([0xff, 0xd0, 0xff, 0x01]);
      expect(readImageHeader(buildJpeg(750, 750, { fill: 5, before: [standalone] }))).toMatchObject({
        width: 750,
        height: 750,
      });
    });

    it('calls a JPEG corrupt when it ends, or its scan starts, before the frame header', () => {
      const jpeg = buildJpeg(750, 750, { before: [exifWithThumbnail(160, 120)] });
      expect(readImageHeader(jpeg.subarray(0, 30))).toMatchObject({ kind: 'corrupt', format: 'jpeg' });
      expect(readImageHeader(Buffer.from([0xff, 0xd8, 0xff]))).toMatchObject({ kind: 'corrupt' });
      const scanFirst = Buffer.concat([Buffer.from([0xff, 0xd8]), jpegSegment(0xda, Buffer.alloc(4))]);
      expect(readImageHeader(scanFirst)).toMatchObject({ kind: 'corrupt' });
      expect(readImageHeader(Buffer.from([0xff, 0xd8, 0xff, 0xd9]))).toMatchObject({ kind: 'corrupt' });
    });

    it('calls a JPEG corrupt on a stray byte or a bad length', () => {
      const jpeg = buildJpeg(750, 750);
      const stray = Buffer.concat([jpeg.subarray(0, 20), Buffer.from([0x00]), jpeg.subarray(20)]); // after APP0
      expect(readImageHeader(stray)).toMatchObject({ kind: 'corrupt' });
      expect(readImageHeader(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x01]))).toMatchObject({
        kind: 'corrupt',
      });
    });

    it('calls a height of 0 (size deferred to DNL) corrupt', () => {
      expect(readImageHeader(buildJpeg(750, 0))).toMatchObject({ kind: 'corrupt', format: 'jpeg' });
    });
  });

  describe('other formats', () => {
    it.each([
      ['GIF', Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1')],
      ['WebP', Buffer.from('RIFF\x10\x00\x00\x00WEBPVP8 ', 'latin1')],
      ['BMP', Buffer.from('BM\x00\x00\x00\x00', 'latin1')],
      ['TIFF', Buffer.from('II*\x00\x08\x00\x00\x00', 'latin1')],
      ['HEIC/AVIF', Buffer.from('\x00\x00\x00\x18ftypheic', 'latin1')],
      ['SVG', Buffer.from('<?xml version="1.0"?><svg/>')],
    ])('names %s', (detected, bytes) => {
      expect(readImageHeader(bytes)).toEqual({ kind: 'unsupported', detected });
    });

    it('leaves unknown bytes and an empty buffer unnamed', () => {
      expect(readImageHeader(Buffer.from('hello world'))).toEqual({
        kind: 'unsupported',
        detected: undefined,
      });
      expect(readImageHeader(Buffer.alloc(0))).toEqual({ kind: 'unsupported', detected: undefined });
    });
  });
});
