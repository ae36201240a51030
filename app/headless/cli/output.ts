/** Where a command writes: stdout for results, stderr for progress and failures. */
export interface Output {
  out(text: string): void;
  err(text: string): void;
}

export const processOutput: Output = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

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
