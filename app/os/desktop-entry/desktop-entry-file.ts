/** The spec version our entries follow: 1.4 is the newest that desktop-file-validate 0.26 (Debian 12) accepts. */
export const DESKTOP_ENTRY_VERSION = '1.4';

/** A value in a Desktop Entry file: string, boolean, or a list (Categories). */
export type DesktopEntryValue = string | boolean | readonly string[];

/**
 * Renders a `[Desktop Entry]` group (freedesktop Desktop Entry Specification) with keys in the order given. Values
 * are escaped as the spec's string type requires; an Exec value must already be quoted with
 * `desktopExecLine`, because the spec applies this escaping on top of the Exec quoting.
 */
export function renderDesktopEntry(fields: Record<string, DesktopEntryValue>): string {
  const lines = ['[Desktop Entry]'];
  for (const [key, value] of Object.entries(fields)) lines.push(`${key}=${formatValue(value)}`);
  return `${lines.join('\n')}\n`;
}

function formatValue(value: DesktopEntryValue): string {
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'string') return escapeString(value);
  return value.map((item) => `${escapeString(item).replaceAll(';', '\\;')};`).join('');
}

// The spec's escapes for string values; a leading space is escaped because parsers trim around the '='.
// Other control characters have no escape and the spec forbids them (a NUL ends the file for GLib): an
// app's name carries them from its manifest, and they are dropped.
function escapeString(value: string): string {
  return value
    .replace(CONTROL_WITHOUT_ESCAPE, '')
    .replace(/[\\\n\t\r]/g, (character) => ESCAPES[character] ?? character)
    .replace(/^ /, '\\s');
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters removed
const CONTROL_WITHOUT_ESCAPE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\t': '\\t', '\r': '\\r' };
