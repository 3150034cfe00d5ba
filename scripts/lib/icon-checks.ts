import { decodePng, readPngHeader } from './png';
import type { PackageProblem } from './problems';

/** Teams: colour icon 192×192 (full colour), outline icon 32×32 white on a transparent background. */
export const ICON_SIZES = { color: 192, outline: 32 } as const;

/** Below this channel value a visible outline pixel no longer counts as white. */
const WHITE_MIN = 245;

function sizeProblem(png: Buffer, expected: number, file: string): PackageProblem | undefined {
  try {
    const { width, height } = readPngHeader(png);
    if (width === expected && height === expected) return undefined;
    return { file, message: `must be ${expected}×${expected} pixels; it is ${width}×${height}` };
  } catch (err) {
    return { file, message: `is not a readable PNG (${err instanceof Error ? err.message : String(err)})` };
  }
}

export function checkColorIcon(png: Buffer, file: string): PackageProblem[] {
  const problem = sizeProblem(png, ICON_SIZES.color, file);
  return problem ? [problem] : [];
}

export function checkOutlineIcon(png: Buffer, file: string): PackageProblem[] {
  const problem = sizeProblem(png, ICON_SIZES.outline, file);
  if (problem) return [problem];
  let image;
  try {
    image = decodePng(png);
  } catch (err) {
    return [
      { file, message: `cannot check its colours: ${err instanceof Error ? err.message : String(err)}` },
    ];
  }
  let transparent = 0;
  let visible = 0;
  let notWhite = 0;
  let firstNotWhite: string | undefined;
  for (let i = 0; i < image.width * image.height; i++) {
    const [r, g, b, a] = image.rgba.subarray(i * 4, i * 4 + 4);
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
