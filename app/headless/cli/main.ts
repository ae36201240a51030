import { resolve } from 'node:path';
import packageJson from '../../../package.json' with { type: 'json' };
import { processOutput } from './output.ts';
import { quickParse } from './quick-parse.ts';

// What this process and the browser it starts create (the profile above all, whose files Chromium makes
// with the umask it inherits) is for this user alone, whatever umask the shell had. The host also sets
// its own files' modes and tightens the data dir on start, so this is the second line, not the only one.
process.umask(0o077);

const argv = process.argv.slice(2);
const context = { env: process.env, version: packageJson.version };
// commander, the full parser, loads only for what the quick one leaves to it: help, version, usage errors.
const parsed = quickParse(argv, context) ?? (await import('./parse-args.ts')).parseArgs(argv, context);
if (parsed.kind === 'exit') {
  process.stdout.write(parsed.stdout);
  process.stderr.write(parsed.stderr);
  process.exitCode = parsed.exitCode;
} else {
  const options = { ...parsed.options, dataDir: resolve(parsed.options.dataDir) };
  // Imported here, not above: help, version and usage errors need none of the ways to a host or a store.
  const { execute } = await import('./execute.ts');
  process.exitCode = await execute(parsed.command, options, processOutput);
}
