import { PNG, type PNGWithMetadata } from 'pngjs';
import type { PackageProblem } from './problems';

/** Teams: colour icon 192×192 (full colour), outline icon 32×32 white on a transparent background. */
const ICON_SIZES = { color: 192, outline: 32 } as const;

/** Below this channel value a visible outline pixel no longer counts as white. */
const WHITE_MIN = 245;

const reason = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** The decoded icon, or the problem that stops any further check of it. */
function readIcon(png: Buffer, expected: number, file: string): PNGWithMetadata | PackageProblem {
  let image: PNGWithMetadata;
  try {
    image = PNG.sync.read(png);
  } catch (err) {
    return { file, message: `is not a readable PNG (${reason(err)})` };
  }
  const { width, height } = image;
  if (width === expected && height === expected) return image;
  return { file, message: `must be ${expected}×${expected} pixels; it is ${width}×${height}` };
}

export function checkColorIcon(png: Buffer, file: string): PackageProblem[] {
  const image = readIcon(png, ICON_SIZES.color, file);
  return 'message' in image ? [image] : [];
}

export function checkOutlineIcon(png: Buffer, file: string): PackageProblem[] {
  const image = readIcon(png, ICON_SIZES.outline, file);
  if ('message' in image) return [image];
  let transparent = 0;
  let visible = 0;
  let notWhite = 0;
  let firstNotWhite: string | undefined;
  for (let i = 0; i < image.width * image.height; i++) {
    const [r, g, b, a] = image.data.subarray(i * 4, i * 4 + 4);
    if (a === 0) {
      transparent++;
      continue;
    }
    visible++;
    if (r < WHITE_MIN || g < WHITE_MIN || b < WHITE_MIN) {
      notWhite++;
      firstNotWhite ??= `x=${i % image.width}, y=${Math.floor(i / image.width)} is rgb(${r}, ${g}, ${b})`;
    }
  }
  const problems: PackageProblem[] = [];
  if (transparent === 0)
    problems.push({ file, message: 'must have a transparent background (no pixel is transparent)' });
  if (visible === 0) problems.push({ file, message: 'is fully transparent: draw the outline in white' });
  if (notWhite > 0) {
    problems.push({
      file,
      message: `must be white only: ${notWhite} visible pixel(s) are not white, e.g. ${firstNotWhite}`,
    });
  }
  return problems;
}
