/**
 * The boolean value of `key` in the `[Desktop Entry]` group of a desktop file, or undefined when the key is
 * absent. Enough to read back the switches desktops write into an entry (Hidden, X-GNOME-Autostart-enabled);
 * not a general parser.
 */
export function readDesktopEntryFlag(text: string, key: string): boolean | undefined {
  let inMainGroup = false;
  for (const rawLine of text.split('\n')) {
    const line = rawLine.trim();
    if (line.startsWith('[')) {
      inMainGroup = line === '[Desktop Entry]';
      continue;
    }
    if (!inMainGroup || line.startsWith('#')) continue;
    const separator = line.indexOf('=');
    if (separator < 0 || line.slice(0, separator).trim() !== key) continue;
    const value = line.slice(separator + 1).trim();
    if (value === 'true') return true;
    if (value === 'false') return false;
  }
  return undefined;
}
