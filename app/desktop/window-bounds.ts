import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { Logger } from '../logging/logger.ts';
import { PRIVATE_FILE_MODE } from '../store/private-dir.ts';

const boundsSchema = z.object({
  x: z.int(),
  y: z.int(),
  width: z.int().min(1).max(100_000),
  height: z.int().min(1).max(100_000),
  fullscreen: z.boolean(),
});

/** Where an app's window was, in screen coordinates, when it last closed. */
export type WindowBounds = z.infer<typeof boundsSchema>;

/** Remembered bounds as the next window uses them: the position only when it is still on a screen. */
export type PlacedBounds = Omit<WindowBounds, 'x' | 'y'> & { x?: number; y?: number };

export interface Rectangle {
  x: number;
  y: number;
  width: number;
  height: number;
}

const fileSchema = z.record(z.string(), boundsSchema);

export const WINDOW_BOUNDS_FILE = 'window-bounds.json';

/** How much of a window's title bar must lie on a screen to put it back where it was. */
const VISIBLE_GRIP = { width: 100, height: 30 } as const;

/**
 * Remembered bounds as the next window may use them: kept when the window's top edge still shows on one
 * of the screens' work areas (a grip wide enough to drag it), otherwise only its size, capped to the
 * largest screen, so a window last seen on an unplugged monitor opens where the person can see it.
 */
export function placeOnScreen(saved: WindowBounds, workAreas: readonly Rectangle[]): PlacedBounds {
  const grip = {
    x: saved.x,
    y: saved.y,
    width: Math.min(saved.width, VISIBLE_GRIP.width),
    height: VISIBLE_GRIP.height,
  };
  if (workAreas.some((area) => contains(area, grip))) return saved;
  const widest = Math.max(...workAreas.map((area) => area.width), 0);
  const tallest = Math.max(...workAreas.map((area) => area.height), 0);
  return {
    width: widest > 0 ? Math.min(saved.width, widest) : saved.width,
    height: tallest > 0 ? Math.min(saved.height, tallest) : saved.height,
    fullscreen: saved.fullscreen,
  };
}

function contains(area: Rectangle, inner: Rectangle): boolean {
  return (
    inner.x >= area.x &&
    inner.y >= area.y &&
    inner.x + inner.width <= area.x + area.width &&
    inner.y + inner.height <= area.y + area.height
  );
}

/**
 * Window bounds per app, in `window-bounds.json` in the data dir (owner-only). A missing, unreadable or
 * malformed file means "nothing remembered": windows then open at the default size, and the next close
 * writes a good file.
 */
export class WindowBoundsFile {
  readonly #path: string;
  readonly #logger: Logger;
  #bounds: Record<string, WindowBounds>;

  constructor(dataDir: string, logger: Logger) {
    this.#path = join(dataDir, WINDOW_BOUNDS_FILE);
    this.#logger = logger;
    this.#bounds = this.#read();
  }

  get(appId: string): WindowBounds | undefined {
    return Object.hasOwn(this.#bounds, appId) ? this.#bounds[appId] : undefined;
  }

  set(appId: string, bounds: WindowBounds): void {
    this.#bounds = { ...this.#bounds, [appId]: boundsSchema.parse(bounds) };
    this.#write();
  }

  forget(appId: string): void {
    if (!Object.hasOwn(this.#bounds, appId)) return;
    const { [appId]: _, ...rest } = this.#bounds;
    this.#bounds = rest;
    this.#write();
  }

  #read(): Record<string, WindowBounds> {
    let text: string;
    try {
      text = readFileSync(this.#path, 'utf8');
    } catch {
      return {};
    }
    try {
      return fileSchema.parse(JSON.parse(text));
    } catch (error) {
      this.#logger.warn(
        { path: this.#path, error: String(error) },
        'window bounds unreadable; starting afresh',
      );
      return {};
    }
  }

  /** Written beside and renamed over, so a crash mid-write never leaves half a file. */
  #write(): void {
    const temporary = `${this.#path}.tmp`;
    try {
      writeFileSync(temporary, `${JSON.stringify(this.#bounds, null, 2)}\n`, { mode: PRIVATE_FILE_MODE });
      renameSync(temporary, this.#path);
    } catch (error) {
      // Losing a window position is not worth failing a window close over.
      this.#logger.warn({ path: this.#path, error: String(error) }, 'window bounds not saved');
    }
  }
}
