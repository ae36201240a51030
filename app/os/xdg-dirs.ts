import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

// The XDG Base Directory spec: a relative $XDG_* value is invalid and must be ignored.
function xdgDir(env: NodeJS.ProcessEnv, variable: string, fallback: string[]): string {
  const value = env[variable];
  if (value && isAbsolute(value)) return value;
  return join(env.HOME ?? homedir(), ...fallback);
}

/** `$XDG_CONFIG_HOME`, else ~/.config: where systemd user units and autostart entries live. */
export function xdgConfigHome(env: NodeJS.ProcessEnv): string {
  return xdgDir(env, 'XDG_CONFIG_HOME', ['.config']);
}

/** `$XDG_DATA_HOME`, else ~/.local/share: where application launchers live. */
export function xdgDataHome(env: NodeJS.ProcessEnv): string {
  return xdgDir(env, 'XDG_DATA_HOME', ['.local', 'share']);
}
