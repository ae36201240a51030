/**
 * Renders every icon the installers need from build/icon.svg: the Linux PNG set, the Windows .ico and the
 * macOS .icns (`npm run icons`; `npm run dist` runs it first). Each size is rendered from the vector source
 * rather than scaled down from a large bitmap, so small sizes stay sharp. The output is not committed: it
 * is derived from one source and made in a second.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Icns, IcnsImage } from '@fiahfy/icns';
import { Ico, IcoImage } from '@fiahfy/ico';
import { Resvg } from '@resvg/resvg-js';
import {
  ICNS_SLOTS,
  ICO_SIZES,
  ICON_OUTPUTS,
  ICON_SOURCE,
  LINUX_ICON_SIZES,
} from './packaging/icon-targets.ts';

export interface GeneratedIcons {
  linuxPngs: string[];
  ico: string;
  icns: string;
}

/** Writes the icons into `outDir` (the paths in ICON_OUTPUTS) from the SVG at `source`. */
export function generateIcons(source: string, outDir: string): GeneratedIcons {
  const svg = readFileSync(source);
  const rendered = new Map<number, Buffer>();
  const png = (pixels: number): Buffer => {
    let image = rendered.get(pixels);
    if (image === undefined) {
      image = new Resvg(svg, { fitTo: { mode: 'width', value: pixels } }).render().asPng();
      rendered.set(pixels, image);
    }
    return image;
  };

  const linuxFolder = join(outDir, ICON_OUTPUTS.linuxFolder);
  mkdirSync(linuxFolder, { recursive: true });
  const linuxPngs = LINUX_ICON_SIZES.map((pixels) => {
    const path = join(linuxFolder, `${pixels}x${pixels}.png`);
    writeFileSync(path, png(pixels));
    return path;
  });

  const ico = new Ico();
  for (const pixels of ICO_SIZES) ico.append(IcoImage.fromPNG(png(pixels)));
  const icoPath = join(outDir, ICON_OUTPUTS.ico);
  writeFileSync(icoPath, ico.data);

  const icns = new Icns();
  for (const slot of ICNS_SLOTS) icns.append(IcnsImage.fromPNG(png(slot.pixels), slot.osType));
  const icnsPath = join(outDir, ICON_OUTPUTS.icns);
  writeFileSync(icnsPath, icns.data);

  return { linuxPngs, ico: icoPath, icns: icnsPath };
}

if (import.meta.main) {
  const root = resolve(import.meta.dirname, '..');
  const icons = generateIcons(join(root, ICON_SOURCE), join(root, 'build'));
  console.log(`icons: ${icons.linuxPngs.length} PNGs, ${icons.ico}, ${icons.icns}`);
}
