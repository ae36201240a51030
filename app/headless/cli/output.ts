/** Where a command writes: stdout for results, stderr for progress and failures. */
export interface Output {
  out(text: string): void;
  err(text: string): void;
  /** stderr is a terminal a person watches: progress may redraw a line there, and logs read as sentences. */
  readonly errIsTerminal?: boolean;
}

export const processOutput: Output = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  errIsTerminal: process.stderr.isTTY === true,
};

/** Progress for `output`: on stderr, redrawn in place only where a person watches it. */
export function progressStream(output: Output): { write(text: string): void; isTTY: boolean } {
  return { write: (text) => output.err(text), isTTY: output.errIsTerminal === true };
}

/** The one JSON document a `--json` run prints on stdout. */
export function printJson(output: Output, value: unknown): void {
  output.out(`${JSON.stringify(value, null, 2)}\n`);
}

/** A command's result: the value itself as JSON with `--json`, else the command's rendering of it. */
export function printResult<T>(
  { json, output }: { json: boolean; output: Output },
  value: T,
  render: (value: T) => string,
): void {
  if (json) printJson(output, value);
  else output.out(render(value));
}
