/**
 * Values in GVariant's text format, as `gdbus call` and `gdbus emit` parse their arguments. Every value
 * carries its type, so gdbus never has to guess, and a string can never start with "-" (an option).
 */

/** A GVariant string: single-quoted, with quotes, backslashes and control characters escaped. */
export function gvString(text: string): string {
  let out = "'";
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (char === "'" || char === '\\') out += `\\${char}`;
    else if (code < 0x20 || code === 0x7f || (code >= 0x80 && code < 0xa0))
      out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += char;
  }
  return `${out}'`;
}

export function gvUint32(value: number): string {
  return `uint32 ${Math.max(0, Math.min(0xffff_ffff, Math.trunc(value)))}`;
}

export function gvInt32(value: number): string {
  return `int32 ${Math.max(-0x8000_0000, Math.min(0x7fff_ffff, Math.trunc(value)))}`;
}

/** An array of strings (`as`), typed even when empty. */
export function gvStringArray(items: readonly string[]): string {
  return items.length === 0 ? '@as []' : `[${items.map(gvString).join(', ')}]`;
}

/** A dictionary of variants (`a{sv}`) from already-typed values, typed even when empty. */
export function gvVardict(entries: Readonly<Record<string, string>>): string {
  const pairs = Object.entries(entries).map(([key, value]) => `${gvString(key)}: <${value}>`);
  return pairs.length === 0 ? '@a{sv} {}' : `{${pairs.join(', ')}}`;
}
