import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { PNG, type PNGWithMetadata } from 'pngjs';
import { checkColorIcon, checkOutlineIcon } from '../../scripts/lib/icon-checks';
import { drawColorIcon, drawOutlineIcon, encodeIcon } from '../../scripts/make-icons';
import { PROJECT_ROOT } from './fixture';

const read = (file: string): Buffer => readFileSync(path.join(PROJECT_ROOT, 'manifest', file));

const decode = (png: Buffer): PNGWithMetadata => PNG.sync.read(png);

function pixel(image: PNGWithMetadata, x: number, y: number): number[] {
  const i = (y * image.width + x) * 4;
  return [...image.data.subarray(i, i + 4)];
}

/** A 32×32 RGBA PNG whose every byte is `fill`, except the given pixels. */
function outline(fill: number, pixels: Record<number, number[]> = {}): Buffer {
  const image = new PNG({ width: 32, height: 32 });
  image.data.fill(fill);
  for (const [index, rgba] of Object.entries(pixels)) image.data.set(rgba, Number(index) * 4);
  return encodeIcon(image);
}

describe('app icons', () => {
  it('color.png is a 192×192 opaque, full-colour PNG', () => {
    const image = decode(read('color.png'));
    assert.deepEqual([image.width, image.height], [192, 192]);
    const colours = new Set<string>();
    for (let i = 0; i < image.width * image.height; i++) {
      assert.equal(image.data[i * 4 + 3], 255, 'every pixel is opaque');
      colours.add(image.data.subarray(i * 4, i * 4 + 3).join(','));
    }
    // The accent-colour background (manifest accentColor #0F6CBD) and a white glyph.
    const accent = JSON.parse(read('manifest.json').toString()) as { accentColor: string };
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(accent.accentColor.slice(i, i + 2), 16));
    assert.deepEqual(pixel(image, 0, 0), [r, g, b, 255]);
    assert.ok(colours.has('255,255,255'));
  });

  it('outline.png is 32×32, white only, on a transparent background', () => {
    const image = decode(read('outline.png'));
    assert.deepEqual([image.width, image.height], [32, 32]);
    let visible = 0;
    for (let i = 0; i < 32 * 32; i++) {
      const [red, green, blue, alpha] = image.data.subarray(i * 4, i * 4 + 4);
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
    assert.ok(read('color.png').equals(encodeIcon(drawColorIcon())));
    assert.ok(read('outline.png').equals(encodeIcon(drawOutlineIcon())));
  });

  it('checks reject wrong sizes, non-PNG files and a non-white or opaque outline', () => {
    assert.match(checkColorIcon(encodeIcon(drawOutlineIcon()), 'c.png')[0].message, /192×192.*32×32/);
    assert.match(checkOutlineIcon(Buffer.from('GIF89a'), 'o.png')[0].message, /not a readable PNG/);
    const black = outline(0, { 0: [0, 0, 0, 255] }); // (0, 0) opaque black, the rest transparent
    const blackProblems = checkOutlineIcon(black, 'o.png');
    assert.equal(blackProblems.length, 1);
    assert.match(blackProblems[0].message, /white only/);
    assert.match(blackProblems[0].message, /x=0, y=0 is rgb\(0, 0, 0\)/);
    const opaqueWhite = outline(255);
    assert.match(checkOutlineIcon(opaqueWhite, 'o.png')[0].message, /transparent background/);
    assert.deepEqual(checkOutlineIcon(read('outline.png'), 'o.png'), []);
  });
});

describe('icon checks on PNGs not written by make-icons', () => {
  it('read Sub and Up filtered RGB rows written by hand (no alpha channel: opaque)', () => {
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
    assert.deepEqual(
      [...decode(png).data],
      [10, 20, 30, 255, 15, 25, 35, 255, 11, 21, 31, 255, 15, 25, 35, 255],
    );
    assert.match(checkOutlineIcon(png, 'o.png')[0].message, /must be 32×32 pixels; it is 2×2/);
  });

  it('check the colours of a grey-and-alpha outline icon', () => {
    const image = new PNG({ width: 32, height: 32 });
    image.data.fill(0);
    image.data.set([255, 255, 255, 255], 33 * 4);
    const white = PNG.sync.write(image, { colorType: 4 });
    assert.equal(white[25], 4, 'written as colour type 4');
    assert.deepEqual(checkOutlineIcon(white, 'o.png'), []);
    image.data.set([128, 128, 128, 255], 34 * 4);
    const grey = PNG.sync.write(image, { colorType: 4 });
    assert.match(checkOutlineIcon(grey, 'o.png')[0].message, /x=2, y=1 is rgb\(128, 128, 128\)/);
  });
});
