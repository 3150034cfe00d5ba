/**
 * Draws the two Teams app icons (a key with a return arrow: "writeback") and writes them to
 * manifest/: color.png 192×192 on the accent colour, outline.png 32×32 white on transparent.
 * Run: `node dist/scripts/make-icons.js [rootDir]` (default: this project). The PNGs are committed;
 * rerun after editing the drawing here (test/manifest/icons.test.ts checks they match).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';

/** Same value as `accentColor` in manifest/manifest.json. */
export const ACCENT_RGB: readonly [number, number, number] = [0x0f, 0x6c, 0xbd];

type Shape = (x: number, y: number) => boolean;

/** A key along the x axis in its own unit frame: ring head at the origin, bit to the right. */
const keyShape: Shape = (x, y) => {
  const r = Math.hypot(x, y);
  if (r <= 0.24 && r >= 0.095) return true;
  const ay = Math.abs(y);
  if (x >= 0.2 && x <= 0.86 && ay <= 0.06) return true;
  if (x >= 0.62 && x <= 0.7 && y >= 0 && y <= 0.2) return true;
  return x >= 0.76 && x <= 0.86 && y >= 0 && y <= 0.24;
};

/** Places a shape: scales it, rotates it by `angle` radians and moves its origin to (cx, cy). */
function place(shape: Shape, cx: number, cy: number, scale: number, angle: number): Shape {
  const cos = Math.cos(-angle);
  const sin = Math.sin(-angle);
  return (x, y) => {
    const dx = (x - cx) / scale;
    const dy = (y - cy) / scale;
    return shape(dx * cos - dy * sin, dx * sin + dy * cos);
  };
}

/** A circular arrow (three quarters of a ring with an arrowhead): the "write back" hint. */
function returnArrow(cx: number, cy: number, radius: number, thickness: number): Shape {
  const start = Math.PI * 0.95;
  const end = Math.PI * 2.3;
  const tipAngle = end;
  const tipX = cx + radius * Math.cos(tipAngle);
  const tipY = cy + radius * Math.sin(tipAngle);
  // Arrowhead: a triangle pointing along the tangent at the end of the arc.
  const tx = -Math.sin(tipAngle);
  const ty = Math.cos(tipAngle);
  const nx = Math.cos(tipAngle);
  const ny = Math.sin(tipAngle);
  const head = thickness * 2.2;
  const a = [tipX + tx * head, tipY + ty * head];
  const b = [tipX + nx * head * 0.9, tipY + ny * head * 0.9];
  const c = [tipX - nx * head * 0.9, tipY - ny * head * 0.9];
  const side = (p: number[], q: number[], x: number, y: number): number =>
    (q[0] - p[0]) * (y - p[1]) - (q[1] - p[1]) * (x - p[0]);
  return (x, y) => {
    const r = Math.hypot(x - cx, y - cy);
    let angle = Math.atan2(y - cy, x - cx);
    while (angle < start) angle += Math.PI * 2;
    if (Math.abs(r - radius) <= thickness / 2 && angle <= end) return true;
    const s1 = side(a, b, x, y);
    const s2 = side(b, c, x, y);
    const s3 = side(c, a, x, y);
    return (s1 >= 0 && s2 >= 0 && s3 >= 0) || (s1 <= 0 && s2 <= 0 && s3 <= 0);
  };
}

/** Coverage of each pixel by the shapes, 4×4 supersampled for smooth edges. */
function rasterize(size: number, shapes: Shape[]): Float64Array {
  const coverage = new Float64Array(size * size);
  const samples = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let hits = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const x = (px + (sx + 0.5) / samples) / size;
          const y = (py + (sy + 0.5) / samples) / size;
          if (shapes.some((shape) => shape(x, y))) hits++;
        }
      }
      coverage[py * size + px] = hits / (samples * samples);
    }
  }
  return coverage;
}

/**
 * PNG bytes for an icon. No row filters and zlib's default strategy: the smallest file for these
 * flat images, and the same bytes on every run, so the committed icons can be compared with a fresh draw.
 */
export function encodeIcon(image: PNG): Buffer {
  return PNG.sync.write(image, { filterType: 0, deflateLevel: 9, deflateStrategy: 0 });
}

export function drawColorIcon(): PNG {
  const size = 192;
  const coverage = rasterize(size, [
    place(keyShape, 0.37, 0.37, 0.48, Math.PI / 4),
    returnArrow(0.5, 0.5, 0.37, 0.045),
  ]);
  const image = new PNG({ width: size, height: size });
  const rgba = image.data;
  for (let i = 0; i < size * size; i++) {
    const c = coverage[i];
    for (let ch = 0; ch < 3; ch++) rgba[i * 4 + ch] = Math.round(ACCENT_RGB[ch] * (1 - c) + 255 * c);
    rgba[i * 4 + 3] = 255;
  }
  return image;
}

export function drawOutlineIcon(): PNG {
  const size = 32;
  const coverage = rasterize(size, [place(keyShape, 0.27, 0.27, 0.7, Math.PI / 4)]);
  const image = new PNG({ width: size, height: size });
  const rgba = image.data;
  for (let i = 0; i < size * size; i++) {
    // White everywhere; only alpha carries the shape, so the icon stays "white on transparent".
    rgba.fill(255, i * 4, i * 4 + 3);
    rgba[i * 4 + 3] = Math.round(255 * coverage[i]);
  }
  return image;
}

function main(): void {
  // dist/scripts/make-icons.js → the project root is two levels up.
  const root = path.resolve(process.argv[2] ?? path.join(__dirname, '..', '..'));
  const outDir = path.join(root, 'manifest');
  writeFileSync(path.join(outDir, 'color.png'), encodeIcon(drawColorIcon()));
  writeFileSync(path.join(outDir, 'outline.png'), encodeIcon(drawOutlineIcon()));
  process.stdout.write(`wrote ${path.join(outDir, 'color.png')} and outline.png\n`);
}

if (require.main === module) main();
