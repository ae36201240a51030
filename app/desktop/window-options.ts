import type { AppRecord } from '../store/records.ts';
import type { PlacedBounds } from './window-bounds.ts';

/**
 * The parts of an app window's BrowserWindow options that follow from its manifest and remembered bounds
 * (field names are Electron's, so main/ passes them straight on; web preferences come from
 * web-preferences.ts, never from here).
 */
export interface AppWindowOptions {
  title: string;
  width: number;
  height: number;
  x?: number;
  y?: number;
  minWidth: number;
  minHeight: number;
  fullscreen: boolean;
  /** Standalone apps have no menu bar (Alt shows it on Linux and Windows); minimal-ui shows Back and Reload. */
  autoHideMenuBar: boolean;
  backgroundColor?: string;
  titleBarStyle?: 'hidden';
  titleBarOverlay?: { color?: string; symbolColor?: string; height: number };
  /** Shown once the first paint is ready, so no blank frame flashes. */
  show: false;
}

export type WindowDisplay = 'fullscreen' | 'standalone' | 'minimal-ui' | 'window-controls-overlay';

/** minimal-ui promises navigation controls: the window's menu bar carries Back, Forward and Reload. */
export function hasNavigationControls(app: AppRecord): boolean {
  return windowDisplay(app.display) === 'minimal-ui';
}

export const DEFAULT_WINDOW_SIZE = { width: 1024, height: 768 } as const;
const MIN_SIZE = { width: 320, height: 240 } as const;
const OVERLAY_HEIGHT = 33;

/**
 * The manifest's display mode as a window can give it: `browser` (and anything unknown) becomes
 * `minimal-ui`, the nearest mode the host offers, since it has no browser tab to open the app in.
 */
export function windowDisplay(display: string): WindowDisplay {
  switch (display) {
    case 'fullscreen':
    case 'standalone':
    case 'window-controls-overlay':
      return display;
    default:
      return 'minimal-ui';
  }
}

/** `#rgb`, `#rrggbb` or `#rrggbbaa`: what BrowserWindow takes as a colour without surprises. */
const HEX_COLOUR = /^#(?:[0-9a-f]{3}|[0-9a-f]{6}|[0-9a-f]{8})$/i;

export function safeColour(colour: string | null): string | undefined {
  return colour !== null && HEX_COLOUR.test(colour) ? colour : undefined;
}

/** Black or white symbols, whichever reads better on the theme colour. */
function symbolColourOn(background: string): string {
  const hex =
    background.length === 4 ? [...background.slice(1)].map((c) => c + c).join('') : background.slice(1, 7);
  const [r, g, b] = [0, 2, 4].map((offset) => Number.parseInt(hex.slice(offset, offset + 2), 16)) as [
    number,
    number,
    number,
  ];
  return 0.299 * r + 0.587 * g + 0.114 * b > 150 ? '#000000' : '#ffffff';
}

/** The window for an app: its manifest's display and colours, at its remembered bounds (from `placeOnScreen`). */
export function appWindowOptions(app: AppRecord, bounds: PlacedBounds | undefined): AppWindowOptions {
  const display = windowDisplay(app.display);
  const theme = safeColour(app.themeColor);
  // Until the first paint: the manifest's background colour, else its theme colour.
  const background = safeColour(app.backgroundColor) ?? theme;
  const options: AppWindowOptions = {
    title: app.name,
    width: bounds?.width ?? DEFAULT_WINDOW_SIZE.width,
    height: bounds?.height ?? DEFAULT_WINDOW_SIZE.height,
    ...(bounds?.x !== undefined && bounds.y !== undefined ? { x: bounds.x, y: bounds.y } : {}),
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    fullscreen: display === 'fullscreen' || bounds?.fullscreen === true,
    autoHideMenuBar: display !== 'minimal-ui',
    ...(background ? { backgroundColor: background } : {}),
    show: false,
  };
  if (display === 'window-controls-overlay') {
    options.titleBarStyle = 'hidden';
    options.titleBarOverlay = theme
      ? { color: theme, symbolColor: symbolColourOn(theme), height: OVERLAY_HEIGHT }
      : { height: OVERLAY_HEIGHT };
  }
  return options;
}

/**
 * The icon files a window or a notification can show, best first, by extension (for `bestSavedIcon`): Electron's `nativeImage`
 * decodes PNG and JPEG on every platform and reads ICO on Windows, and never SVG, which would give the window
 * an empty icon (electron/electron shell/common/api/electron_api_native_image.cc `CreateFromPath`,
 * shell/common/skia_util.cc `AddImageSkiaRepFromBuffer`). With none of these the window keeps the app's own.
 */
export function nativeImageFormats(platform: NodeJS.Platform): Readonly<Record<string, number>> {
  const raster = { '.png': 0, '.jpg': 1, '.jpeg': 1 };
  return platform === 'win32' ? { ...raster, '.ico': 2 } : raster;
}
