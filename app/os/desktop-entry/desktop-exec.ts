// Characters the Desktop Entry spec reserves in Exec arguments: an argument holding one must be quoted.
const RESERVED = /[\s"'\\><~|&;$*?#()`]/;
// Characters that must be backslash-escaped inside a quoted Exec argument.
const ESCAPED_IN_QUOTES = /["`$\\]/g;

/**
 * An argv as the value of a Desktop Entry `Exec` key: each argument that needs it is quoted in double
 * quotes with `"`, backquote, `$` and `\` escaped, and every `%` is doubled so none reads as a field code.
 * `renderDesktopEntry` then applies the string escaping on top, as the spec requires (so a backslash in an
 * argument ends up as four in the file). One gap no quoting closes: GLib finds the program before it expands
 * `%%`, so GNOME cannot launch a program whose path contains `%` (arguments may).
 */
export function desktopExecLine(argv: readonly string[]): string {
  if (argv.length === 0) throw new Error('an Exec line needs a program');
  return argv.map(quoteArgument).join(' ');
}

function quoteArgument(argument: string): string {
  const percentEscaped = argument.replaceAll('%', '%%');
  if (argument !== '' && !RESERVED.test(argument)) return percentEscaped;
  return `"${percentEscaped.replace(ESCAPED_IN_QUOTES, '\\$&')}"`;
}
