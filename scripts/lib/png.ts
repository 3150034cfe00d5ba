import { deflateSync, inflateSync } from 'node:zlib';

/** An 8-bit RGBA raster: `rgba.length === width * height * 4`. */
export interface RgbaImage {
  width: number;
  height: number;
  rgba: Uint8Array;
}

export interface PngHeader {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
  interlace: number;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const CRC_TABLE = ((): Uint32Array => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(data: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of data) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

/** Encodes an RGBA image as a non-interlaced 8-bit truecolour-with-alpha PNG. */
export function encodePng(image: RgbaImage): Buffer {
  const { width, height, rgba } = image;
  if (rgba.length !== width * height * 4) throw new Error('encodePng: pixel buffer does not match size');
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type RGBA
  const stride = width * 4;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (stride + 1)] = 0; // filter: none
    Buffer.from(rgba.buffer, rgba.byteOffset + y * stride, stride).copy(raw, y * (stride + 1) + 1);
  }
  return Buffer.concat([
    SIGNATURE,
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

interface Chunk {
  type: string;
  data: Buffer;
}

function readChunks(png: Buffer): Chunk[] {
  if (png.length < 8 || !png.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG file');
  const chunks: Chunk[] = [];
  let offset = 8;
  while (offset + 12 <= png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    const end = offset + 8 + length;
    if (end + 4 > png.length) throw new Error(`truncated PNG chunk ${type}`);
    chunks.push({ type, data: png.subarray(offset + 8, end) });
    offset = end + 4;
    if (type === 'IEND') break;
  }
  return chunks;
}

export function readPngHeader(png: Buffer): PngHeader {
  const ihdr = readChunks(png)[0];
  if (ihdr?.type !== 'IHDR' || ihdr.data.length !== 13) throw new Error('PNG has no IHDR chunk');
  return {
    width: ihdr.data.readUInt32BE(0),
    height: ihdr.data.readUInt32BE(4),
    bitDepth: ihdr.data[8],
    colorType: ihdr.data[9],
    interlace: ihdr.data[12],
  };
}

const CHANNELS: Readonly<Record<number, number>> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

function unfilter(raw: Buffer, height: number, stride: number, bpp: number): Uint8Array {
  const out = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const row = y * stride;
    for (let x = 0; x < stride; x++) {
      const left = x >= bpp ? out[row + x - bpp] : 0;
      const up = y > 0 ? out[row - stride + x] : 0;
      const upLeft = y > 0 && x >= bpp ? out[row - stride + x - bpp] : 0;
      let predictor: number;
      if (filter === 0) predictor = 0;
      else if (filter === 1) predictor = left;
      else if (filter === 2) predictor = up;
      else if (filter === 3) predictor = (left + up) >> 1;
      else if (filter === 4) predictor = paeth(left, up, upLeft);
      else throw new Error(`unknown PNG filter type ${filter}`);
      out[row + x] = (line[x] + predictor) & 0xff;
    }
  }
  return out;
}

/**
 * Decodes a non-interlaced 8-bit PNG (greyscale, RGB, palette, grey+alpha or RGBA) into RGBA.
 * Enough to check icons; other bit depths and interlacing are rejected with a clear message.
 */
export function decodePng(png: Buffer): RgbaImage {
  const chunks = readChunks(png);
  const header = readPngHeader(png);
  const { width, height, bitDepth, colorType, interlace } = header;
  const channels = CHANNELS[colorType];
  if (bitDepth !== 8 || channels === undefined || interlace !== 0) {
    throw new Error(
      `unsupported PNG format (bit depth ${bitDepth}, colour type ${colorType}, interlace ${interlace}); ` +
        'save it as a non-interlaced 8-bit RGBA PNG',
    );
  }
  const palette = chunks.find((c) => c.type === 'PLTE')?.data;
  const transparency = chunks.find((c) => c.type === 'tRNS')?.data;
  const idat = Buffer.concat(chunks.filter((c) => c.type === 'IDAT').map((c) => c.data));
  const stride = width * channels;
  const pixels = unfilter(inflateSync(idat), height, stride, channels);
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    const s = i * channels;
    const d = i * 4;
    if (colorType === 6) {
      rgba.set(pixels.subarray(s, s + 4), d);
    } else if (colorType === 2) {
      rgba.set(pixels.subarray(s, s + 3), d);
      const opaque =
        transparency?.length !== 6 ||
        transparency.readUInt16BE(0) !== pixels[s] ||
        transparency.readUInt16BE(2) !== pixels[s + 1] ||
        transparency.readUInt16BE(4) !== pixels[s + 2];
      rgba[d + 3] = opaque ? 255 : 0;
    } else if (colorType === 3) {
      const index = pixels[s];
      if (!palette || index * 3 + 2 >= palette.length) throw new Error('PNG palette index out of range');
      rgba.set(palette.subarray(index * 3, index * 3 + 3), d);
      rgba[d + 3] = transparency && index < transparency.length ? transparency[index] : 255;
    } else {
      const grey = pixels[s];
      rgba[d] = rgba[d + 1] = rgba[d + 2] = grey;
      if (colorType === 4) rgba[d + 3] = pixels[s + 1];
      else rgba[d + 3] = transparency?.length === 2 && transparency.readUInt16BE(0) === grey ? 0 : 255;
    }
  }
  return { width, height, rgba };
}
