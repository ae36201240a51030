import { formatDuration } from '../../base/format-duration.ts';
import { terminalText } from './terminal-text.ts';

/** Where progress goes: stderr, which says whether a person watches it. */
export interface ProgressStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const REDRAW_MS = 100;

/**
 * What a long step is doing, on stderr. On a terminal: one line redrawn in place with a spinner, what the
 * step waits for and how long it has waited (and the most it waits, when known), cleared when the step
 * ends. Elsewhere (a log, a pipe): a plain line per change, no redrawing.
 */
export class ProgressLine {
  readonly #stream: ProgressStream;
  readonly #now: () => number;
  #text = '';
  #waitMs: number | undefined;
  #since = 0;
  #frame = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(stream: ProgressStream, now: () => number = Date.now) {
    this.#stream = stream;
    this.#now = now;
  }

  /** A new step (or news of the current one): `text` says what it waits for; `waitMs` the most it waits. */
  update(text: string, waitMs?: number): void {
    if (text === this.#text && waitMs === this.#waitMs) return;
    this.#text = terminalText(text);
    this.#waitMs = waitMs;
    this.#since = this.#now();
    if (!this.#stream.isTTY) {
      this.#stream.write(`${this.#text}\n`);
      return;
    }
    this.#draw();
    this.#timer ??= setInterval(() => this.#draw(), REDRAW_MS);
    this.#timer.unref();
  }

  /** The step ended: the line goes (on a terminal), so what follows starts on a clean line. */
  done(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    if (this.#stream.isTTY && this.#text !== '') this.#stream.write('\r\x1b[2K');
    this.#text = '';
  }

  #draw(): void {
    const waited = this.#now() - this.#since;
    const limit = this.#waitMs === undefined ? '' : ` of at most ${formatDuration(this.#waitMs)}`;
    const elapsed = waited < 1000 ? '' : ` (${formatDuration(Math.floor(waited / 1000) * 1000)}${limit})`;
    const frame = FRAMES[this.#frame++ % FRAMES.length];
    this.#stream.write(`\r\x1b[2K${frame} ${this.#text}${elapsed}`);
  }
}
