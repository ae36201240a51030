/**
 * Characters a terminal acts on rather than shows: C0 controls (ESC starts ANSI and OSC sequences that
 * clear the screen or retitle the window, BEL, CR rewrites the line), DEL, C1 controls (U+009B is a CSI to
 * terminals that take 8-bit controls), the bidirectional controls that reorder the text after them, and
 * the Unicode line and paragraph separators.
 */
const TERMINAL_CONTROLS = /[\p{Cc}\p{Bidi_Control}\u2028\u2029]/gu;

/**
 * One value a page or a peer controls (an app name, a tag, an error text) as inert terminal text: line
 * breaks and tabs become spaces, so the value stays on its line and cannot forge a table row; every other
 * control becomes a visible escape such as `\x1B` or `\u202E`. Human output only: `--json` prints values
 * exactly as they are.
 */
export function terminalText(value: string): string {
  return value.replace(TERMINAL_CONTROLS, (character) => {
    if (/\s/u.test(character)) return ' ';
    const code = character.codePointAt(0) ?? 0;
    return code <= 0xff ? `\\x${hex(code, 2)}` : `\\u${hex(code, 4)}`;
  });
}

/** A template for lines of human output: every interpolated value goes through `terminalText`. */
export function terminalLine(literals: TemplateStringsArray, ...values: unknown[]): string {
  return literals.reduce((line, literal, index) =>
    index === 0 ? literal : `${line}${terminalText(String(values[index - 1]))}${literal}`,
  );
}

function hex(code: number, digits: number): string {
  return code.toString(16).toUpperCase().padStart(digits, '0');
}
