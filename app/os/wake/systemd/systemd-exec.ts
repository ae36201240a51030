import { isAbsolute } from 'node:path';

/**
 * An argv as a systemd `ExecStart=` value (systemd.service(5), "Command lines"). Every word is double-quoted
 * with C escapes, so spaces, quotes and a lone ";" (a command separator only when unquoted) stay arguments.
 * `%` becomes `%%` everywhere (specifiers); `$` becomes `$$` in arguments, where systemd expands variables,
 * but not in the program path, where it does not.
 */
export function systemdExecLine(argv: readonly string[]): string {
  const [program, ...args] = argv;
  if (program === undefined) throw new Error('a systemd command line needs a program');
  return [quoteProgram(program), ...args.map(quoteArgument)].join(' ');
}

// systemd refuses a program path with quotes, backslashes or control characters ("string_is_safe"), and
// looks a relative one up in its own PATH rather than the caller's.
const UNSAFE_PROGRAM = /["'\\\p{Cc}]/u;

function quoteProgram(program: string): string {
  if (!isAbsolute(program) || program.endsWith('/') || UNSAFE_PROGRAM.test(program)) {
    throw new Error(`systemd cannot run this program path: ${JSON.stringify(program)}`);
  }
  return `"${program.replaceAll('%', '%%')}"`;
}

const C_ESCAPES: Record<string, string> = { '\\': '\\\\', '"': '\\"', '\n': '\\n', '\t': '\\t', '\r': '\\r' };

function quoteArgument(argument: string): string {
  const escaped = argument
    .replace(/[\\"\p{Cc}]/gu, (character) => C_ESCAPES[character] ?? hexEscape(character))
    .replaceAll('%', '%%')
    .replaceAll('$', '$$$$');
  return `"${escaped}"`;
}

// \xNN writes a byte, so C1 controls (U+0080–U+009F, two bytes in UTF-8) take the \uNNNN form.
function hexEscape(character: string): string {
  const code = character.charCodeAt(0);
  return code < 0x80
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`;
}
