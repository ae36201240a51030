/**
 * Arguments joined into one Windows command line that CommandLineToArgvW and the C runtime split back into
 * the same strings: an argument with a space, tab or quote (or an empty one) is wrapped in double quotes,
 * a quote inside becomes \", and backslashes are doubled only where they precede a quote (including the
 * closing one). The same rule libuv applies when Node spawns a process on Windows (quote_cmd_arg).
 */
export function windowsCommandLine(args: readonly string[]): string {
  return args.map(quoteWindowsArgument).join(' ');
}

export function quoteWindowsArgument(argument: string): string {
  if (argument !== '' && !/[ \t\n\v"]/.test(argument)) return argument;
  let quoted = '"';
  let backslashes = 0;
  for (const character of argument) {
    if (character === '\\') {
      backslashes++;
      continue;
    }
    // Backslashes before a quote escape it, so they double, and the quote gets one more.
    quoted +=
      character === '"' ? `${'\\'.repeat(backslashes * 2 + 1)}"` : `${'\\'.repeat(backslashes)}${character}`;
    backslashes = 0;
  }
  // Trailing backslashes precede the closing quote: double them too.
  return `${quoted}${'\\'.repeat(backslashes * 2)}"`;
}
