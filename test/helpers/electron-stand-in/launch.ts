import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { BUNDLE_LAYOUT } from '../../../app/desktop/bundle-layout.ts';
import { buildUi } from '../../../scripts/build-ui.ts';
import { childEnv } from '../../cli/helpers/run-cli.ts';
import { writeStandInElectronDist } from './binary.ts';
import { REPORT_ENV, type ReportLine } from './report.ts';
import { STAND_IN_ENV } from './stand-in-process.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));

/** The desktop app as `npm run build` makes it, in a folder of its own beside the checkout's node_modules. */
export interface BuiltDesktopApp {
  /** The folder holding dist/ (what app.asar holds when packaged). */
  root: string;
  /** What a developer runs: `electron <this>` (the folder of the development manifest). */
  developmentFolder: string;
  /** The stand-in Electron executable of an unpacked Electron distribution (ELECTRON_OVERRIDE_DIST_PATH). */
  electron: string;
  electronDist: string;
}

/** Builds main, the preloads and the UI (`build:desktop`, `build:ui`) into a temporary folder. */
export async function buildDesktopApp(t: TestContext): Promise<BuiltDesktopApp> {
  const folder = mkdtempSync(join(tmpdir(), 'pwa-host-desktop-build-'));
  t.after(() => rmSync(folder, { recursive: true, force: true }));
  await promisify(execFile)(process.execPath, [
    join(root, 'scripts', 'build-desktop.ts'),
    '--out',
    join(folder, 'dist'),
  ]);
  await buildUi(join(folder, 'dist', 'renderer'));
  // Where a checkout has them: the main bundle loads better-sqlite3 from node_modules.
  symlinkSync(join(root, 'node_modules'), join(folder, 'node_modules'));
  const electronDist = join(folder, 'electron-dist');
  return {
    root: folder,
    developmentFolder: join(folder, BUNDLE_LAYOUT.developmentManifest, '..'),
    electron: writeStandInElectronDist(electronDist),
    electronDist,
  };
}

/** A report file for one test's stand-in processes. */
export function reportFile(t: TestContext): string {
  const folder = mkdtempSync(join(tmpdir(), 'pwa-host-stand-in-report-'));
  t.after(() => rmSync(folder, { recursive: true, force: true }));
  return join(folder, 'report.jsonl');
}

export interface LaunchOptions {
  report: string;
  env?: NodeJS.ProcessEnv;
  /** `process.platform` as the app sees it. */
  platform?: 'darwin' | 'win32';
  /** The OS started the app as a login item. */
  atLogin?: boolean;
  /** The browser behind the apps session. */
  chromium?: string | undefined;
}

/** The environment of a stand-in launch: the test's (XDG tree, ports) plus what the stand-in reads. */
export function launchEnv(options: LaunchOptions): NodeJS.ProcessEnv {
  return childEnv({
    // Root cannot run a sandboxed Chromium (crbug.com/638180); Electron reads this as --no-sandbox.
    ...(process.getuid?.() === 0 ? { ELECTRON_DISABLE_SANDBOX: '1' } : {}),
    // A session with a display, unless a test takes it away.
    DISPLAY: ':0',
    PWA_HOST_CONNECTIVITY: 'online',
    [REPORT_ENV]: options.report,
    ...(options.platform ? { [STAND_IN_ENV.platform]: options.platform } : {}),
    ...(options.atLogin ? { [STAND_IN_ENV.login]: '1' } : {}),
    ...(options.chromium ? { [STAND_IN_ENV.chromium]: options.chromium } : {}),
    ...options.env,
  });
}

/** The lines of a report file (all processes). */
export function readReport(path: string): ReportLine[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as ReportLine);
}

/** One stand-in Electron process the test started, with its report lines, output and exit. */
export class StandInLaunch {
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  readonly #report: string;
  #output = '';
  #nextCommand = 1;
  readonly #replies = new Map<number, (reply: { ok: boolean; value?: unknown; error?: string }) => void>();

  constructor(executable: string, args: readonly string[], options: LaunchOptions) {
    this.#report = options.report;
    mkdirSync(dirname(options.report), { recursive: true });
    this.child = spawn(executable, args, {
      env: launchEnv(options),
      // Beside the report, never the checkout: a faked Windows host's named pipe is a relative path here.
      cwd: dirname(options.report),
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    for (const stream of [this.child.stdout, this.child.stderr])
      stream?.setEncoding('utf8').on('data', (text: string) => {
        this.#output = (this.#output + text).slice(-20_000);
      });
    this.child.on('message', (message: { id: number; ok: boolean; value?: unknown; error?: string }) => {
      this.#replies.get(message.id)?.(message);
      this.#replies.delete(message.id);
    });
    this.exited = once(this.child, 'exit').then(([code]) => code as number | null);
  }

  get output(): string {
    return this.#output;
  }

  /** This process's report lines (its pid is the stand-in's own: the script execs Node). */
  lines(kind?: string): ReportLine[] {
    return readReport(this.#report).filter(
      (line) => line.pid === this.child.pid && (kind === undefined || line.kind === kind),
    );
  }

  /** Resolves with the first line of `kind` that `matches`; fails at once if the process ends first. */
  async waitFor(
    kind: string,
    matches: (line: ReportLine) => boolean = () => true,
    timeoutMs = 60_000,
  ): Promise<ReportLine> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.lines(kind).find(matches);
      if (found) return found;
      const errorBox = this.lines('error-box')[0];
      if (errorBox)
        throw new Error(`the app showed an error box: ${String(errorBox.content)}\n${this.#output}`);
      if (this.child.exitCode !== null || this.child.signalCode !== null)
        throw new Error(
          `the app exited (${this.child.exitCode ?? this.child.signalCode}) before "${kind}"\n${this.#output}`,
        );
      if (Date.now() > deadline) throw new Error(`no "${kind}" within ${timeoutMs} ms\n${this.#output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** A command to the stand-in (report.ts `onCommand`). */
  command(command: string, details: Record<string, unknown> = {}): Promise<unknown> {
    const id = this.#nextCommand++;
    return new Promise((resolve, reject) => {
      this.#replies.set(id, (reply) => (reply.ok ? resolve(reply.value) : reject(new Error(reply.error))));
      this.child.send({ id, command, ...details });
    });
  }

  /** Quits as a session logout does (SIGTERM), and resolves with the exit status. */
  async quit(): Promise<number | null> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    return this.exited;
  }

  /** Ends it for good (a test that failed half way). */
  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}

/** Starts a stand-in launch that the test ends (killed if still running when the test ends). */
export function launch(
  t: TestContext,
  executable: string,
  args: readonly string[],
  options: LaunchOptions,
): StandInLaunch {
  const started = new StandInLaunch(executable, args, options);
  t.after(() => started.kill());
  return started;
}
