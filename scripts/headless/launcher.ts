// The `pwa-host` command of the published package (dist/headless/pwa-host.js, made by build-headless.ts).
// It runs on whatever `node` is on PATH, so it checks the version first with syntax any Node can parse:
// the CLI bundle it loads needs Node 24, and an older Node should get one clear sentence, not a stack trace.
const [major = 0] = process.versions.node.split('.').map(Number);
if (major < 24) {
  process.stderr.write(
    `pwa-host needs Node.js 24 or newer, but ${process.execPath} is Node.js ${process.versions.node}.\n` +
      'Install Node.js 24 (for example with your package manager or nvm) and run pwa-host with it.\n',
  );
  process.exitCode = 1;
} else {
  const cli = './cli.js'; // a variable: resolved next to this file at run time, not by the bundler
  await import(cli);
}
