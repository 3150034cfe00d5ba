import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { checkColorIcon, checkOutlineIcon } from '../../scripts/lib/icon-checks';
import { crc32, decodePng, encodePng, readPngHeader } from '../../scripts/lib/png';
import { drawColorIcon, drawOutlineIcon } from '../../scripts/make-icons';
import { PROJECT_ROOT } from './fixture';

const read = (file: string): Buffer => readFileSync(path.join(PROJECT_ROOT, 'manifest', file));

function pixel(image: { width: number; rgba: Uint8Array }, x: number, y: number): number[] {
  const i = (y * image.width + x) * 4;
  return [...image.rgba.subarray(i, i + 4)];
}

describe('app icons', () => {
  it('color.png is a 192×192 opaque, full-colour PNG', () => {
    const image = decodePng(read('color.png'));
    assert.deepEqual([image.width, image.height], [192, 192]);
    const colours = new Set<string>();
    for (let i = 0; i < image.width * image.height; i++) {
      assert.equal(image.rgba[i * 4 + 3], 255, 'every pixel is opaque');
      colours.add(image.rgba.subarray(i * 4, i * 4 + 3).join(','));
    }
    // The accent-colour background (manifest accentColor #0F6CBD) and a white glyph.
    const accent = JSON.parse(read('manifest.json').toString()) as { accentColor: string };
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(accent.accentColor.slice(i, i + 2), 16));
    assert.deepEqual(pixel(image, 0, 0), [r, g, b, 255]);
    assert.ok(colours.has('255,255,255'));
  });

  it('outline.png is 32×32, white only, on a transparent background', () => {
    const image = decodePng(read('outline.png'));
    assert.deepEqual([image.width, image.height], [32, 32]);
    let visible = 0;
    for (let i = 0; i < 32 * 32; i++) {
      const [red, green, blue, alpha] = image.rgba.subarray(i * 4, i * 4 + 4);
      if (alpha > 0) {
        visible++;
        assert.deepEqual([red, green, blue], [255, 255, 255], `pixel ${i} is not white`);
      }
    }
    for (const [x, y] of [
      [0, 0],
      [31, 0],
      [0, 31],
      [31, 31],
    ]) {
      assert.equal(pixel(image, x, y)[3], 0, `corner ${x},${y} is transparent`);
    }
    assert.ok(visible > 60, 'draws a glyph');
  });

  it('the committed PNGs are what scripts/make-icons draws', () => {
    assert.ok(read('color.png').equals(encodePng(drawColorIcon())));
    assert.ok(read('outline.png').equals(encodePng(drawOutlineIcon())));
  });

  it('checks reject wrong sizes, non-PNG files and a non-white or opaque outline', () => {
    assert.match(checkColorIcon(encodePng(drawOutlineIcon()), 'c.png')[0].message, /192×192.*32×32/);
    assert.match(checkOutlineIcon(Buffer.from('GIF89a'), 'o.png')[0].message, /not a readable PNG/);
    const oneBlackPixel = new Uint8Array(32 * 32 * 4);
    oneBlackPixel[3] = 255; // (0, 0) opaque black, the rest transparent
    const black = encodePng({ width: 32, height: 32, rgba: oneBlackPixel });
    const blackProblems = checkOutlineIcon(black, 'o.png');
    assert.equal(blackProblems.length, 1);
    assert.match(blackProblems[0].message, /white only/);
    assert.match(blackProblems[0].message, /x=0, y=0 is rgb\(0, 0, 0\)/);
    const opaqueWhite = encodePng({ width: 32, height: 32, rgba: new Uint8Array(32 * 32 * 4).fill(255) });
    assert.match(checkOutlineIcon(opaqueWhite, 'o.png')[0].message, /transparent background/);
    assert.deepEqual(checkOutlineIcon(read('outline.png'), 'o.png'), []);
  });
});

describe('PNG reader', () => {
  it('computes the standard CRC-32', () => {
    assert.equal(crc32(Buffer.from('123456789')), 0xcbf43926);
  });

  it('decodes Sub and Up filtered RGB rows written by hand', () => {
    // 2×2 RGB: row 0 filter Sub, row 1 filter Up.
    const raw = Buffer.from([1, 10, 20, 30, 5, 5, 5, 2, 1, 1, 1, 0, 0, 0]);
    const ihdr = Buffer.alloc(13);
    ihdr.writeUInt32BE(2, 0);
    ihdr.writeUInt32BE(2, 4);
    ihdr[8] = 8;
    ihdr[9] = 2;
    const chunk = (type: string, data: Buffer): Buffer => {
      const len = Buffer.alloc(4);
      len.writeUInt32BE(data.length);
      const body = Buffer.concat([Buffer.from(type), data]);
      const crc = Buffer.alloc(4);
      crc.writeUInt32BE(crc32(body));
      return Buffer.concat([len, body, crc]);
    };
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', ihdr),
      chunk('IDAT', deflateSync(raw)),
      chunk('IEND', Buffer.alloc(0)),
    ]);
    assert.deepEqual(readPngHeader(png), { width: 2, height: 2, bitDepth: 8, colorType: 2, interlace: 0 });
    assert.deepEqual(
      [...decodePng(png).rgba],
      [10, 20, 30, 255, 15, 25, 35, 255, 11, 21, 31, 255, 15, 25, 35, 255],
    );
  });
});
