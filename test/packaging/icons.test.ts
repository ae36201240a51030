import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Icns } from '@fiahfy/icns';
import { Ico } from '@fiahfy/ico';
import { generateIcons } from '../../scripts/generate-icons.ts';
import { loadBuilderConfig } from '../../scripts/packaging/builder-config.ts';
import {
  ICNS_SLOTS,
  ICO_SIZES,
  ICON_OUTPUTS,
  ICON_SOURCE,
  LINUX_ICON_SIZES,
} from '../../scripts/packaging/icon-targets.ts';

const root = join(import.meta.dirname, '..', '..');

/** Width and height from a PNG's IHDR chunk, which always comes first. */
function pngSize(png: Buffer): { width: number; height: number } {
  assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

test('every icon each installer needs is rendered from the one source image', (t) => {
  const out = mkdtempSync(join(tmpdir(), 'pwa-host-icons-'));
  t.after(() => rmSync(out, { recursive: true, force: true }));
  const icons = generateIcons(join(root, ICON_SOURCE), out);

  const linuxFolder = join(out, ICON_OUTPUTS.linuxFolder);
  assert.deepEqual(
    readdirSync(linuxFolder).sort(),
    LINUX_ICON_SIZES.map((size) => `${size}x${size}.png`).sort(),
  );
  for (const size of LINUX_ICON_SIZES) {
    assert.deepEqual(pngSize(readFileSync(join(linuxFolder, `${size}x${size}.png`))), {
      width: size,
      height: size,
    });
  }

  const ico = Ico.from(readFileSync(icons.ico));
  assert.deepEqual(
    ico.infoHeaders.map((header) => header.width || 256),
    [...ICO_SIZES],
    'the .ico holds 16 to 256 (a width byte of 0 means 256)',
  );

  const icns = Icns.from(readFileSync(icons.icns));
  assert.deepEqual(
    icns.images.map((image) => image.osType),
    ICNS_SLOTS.map((slot) => slot.osType),
  );
  for (const slot of ICNS_SLOTS.filter((entry) => !['ic04', 'ic05'].includes(entry.osType))) {
    const image = icns.images.find((entry) => entry.osType === slot.osType);
    assert.ok(image);
    const size = pngSize(image.image);
    assert.equal(size.width, slot.pixels, `${slot.osType} is ${slot.pixels} px`);
  }
  assert.deepEqual(
    ICNS_SLOTS.map((slot) => slot.pixels)
      .sort((a, b) => a - b)
      .at(-1),
    1024,
  );
});

test('the small icon is not a blur: at 16 px it has solid background and solid foreground pixels', async () => {
  const { Resvg } = await import('@resvg/resvg-js');
  const pixels = new Resvg(readFileSync(join(root, ICON_SOURCE)), {
    fitTo: { mode: 'width', value: 16 },
  }).render().pixels;
  let white = 0;
  let blue = 0;
  for (let offset = 0; offset < pixels.length; offset += 4) {
    const [r, g, b, a] = [pixels[offset], pixels[offset + 1], pixels[offset + 2], pixels[offset + 3]];
    if (a === 255 && (r ?? 0) > 230 && (g ?? 0) > 230 && (b ?? 0) > 230) white += 1;
    if (a === 255 && (b ?? 0) > 180 && (r ?? 255) < 60) blue += 1;
  }
  assert.ok(white >= 20, `${white} fully white pixels of 256 (the arrow)`);
  assert.ok(blue >= 80, `${blue} fully blue pixels of 256 (the tile)`);
});

test('electron-builder.yml takes each platform icon from where the generator writes it', () => {
  const config = loadBuilderConfig(join(root, 'electron-builder.yml')) as Record<string, { icon?: string }>;
  assert.equal(config.linux?.icon, `build/${ICON_OUTPUTS.linuxFolder}`);
  assert.equal(config.win?.icon, `build/${ICON_OUTPUTS.ico}`);
  assert.equal(config.mac?.icon, `build/${ICON_OUTPUTS.icns}`);
});
