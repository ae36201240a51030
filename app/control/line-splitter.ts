/**
 * Splits a byte stream into newline-terminated UTF-8 lines, refusing any line longer than `maxBytes`.
 * Hand-written because the usual splitter (split2) bounds only the unterminated tail, not complete
 * lines that arrive within one chunk, and counts UTF-16 units rather than bytes.
 */
export class LineSplitter {
  readonly #maxBytes: number;
  #pending: Buffer[] = [];
  #pendingBytes = 0;

  constructor(maxBytes: number) {
    this.#maxBytes = maxBytes;
  }

  /** The lines completed by `chunk`; `overflow` once a line is too long (the stream is then unusable). */
  push(chunk: Buffer): { lines: string[]; overflow: boolean } {
    const lines: string[] = [];
    let start = 0;
    for (let end = chunk.indexOf(0x0a); end !== -1; end = chunk.indexOf(0x0a, start)) {
      const tail = chunk.subarray(start, end);
      if (this.#pendingBytes + tail.length > this.#maxBytes) return { lines, overflow: true };
      lines.push(Buffer.concat([...this.#pending, tail]).toString('utf8'));
      this.#pending = [];
      this.#pendingBytes = 0;
      start = end + 1;
    }
    const rest = chunk.subarray(start);
    if (this.#pendingBytes + rest.length > this.#maxBytes) return { lines, overflow: true };
    if (rest.length > 0) {
      this.#pending.push(rest);
      this.#pendingBytes += rest.length;
    }
    return { lines, overflow: false };
  }
}
