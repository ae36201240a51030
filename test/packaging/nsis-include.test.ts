import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

const root = join(import.meta.dirname, '..', '..');
const include = join(root, 'build', 'installer.nsh');

/**
 * A minimal installer that inserts the include's customUnInstall into its uninstall section, as
 * electron-builder's uninstaller does. `isUpdated` (electron-builder's condition, true for an uninstaller run
 * with --updated) comes from electron-builder's NSIS bundle, which cannot be downloaded here: a LogicLib
 * condition over a variable stands in for it. Windows cannot run here either, so this compiles the
 * uninstaller with Debian's makensis, warnings as errors: the include's syntax and quoting, not its effect.
 */
function compile(includePath: string): { status: number | null; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'pwa-host-nsis-'));
  try {
    writeFileSync(
      join(dir, 'installer.nsi'),
      [
        'Unicode true',
        '!include LogicLib.nsh',
        '!define APP_ID "dev.pwa-host.app"',
        '!define PRODUCT_NAME "PWA Host"',
        'Var updated',
        '!macro _isUpdated _a _b _t _f',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: NSIS macro parameters, not JavaScript
        '  StrCmp $updated "1" `${_t}` `${_f}`',
        '!macroend',
        '!define isUpdated `"" isUpdated ""`',
        `!include "${includePath}"`,
        `OutFile "${join(dir, 'installer.exe')}"`,
        'RequestExecutionLevel user',
        'Section',
        'SectionEnd',
        'Section "Uninstall"',
        '  !insertmacro customUnInstall',
        'SectionEnd',
        'Function .onInit',
        '  WriteUninstaller "$TEMP\\uninstall.exe"',
        'FunctionEnd',
        'Function un.onInit',
        '  StrCpy $updated "0"',
        'FunctionEnd',
        '',
      ].join('\n'),
    );
    const result = spawnSync('makensis', ['-V2', '-WX', join(dir, 'installer.nsi')], { encoding: 'utf8' });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('build/installer.nsh compiles into an NSIS uninstaller without warnings', () => {
  const result = compile(include);
  assert.equal(result.status, 0, result.output);
});

test('a broken include does not compile (the check above can fail)', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pwa-host-nsis-broken-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const broken = join(dir, 'installer.nsh');
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the NSIS LogicLib keyword, not JavaScript
  writeFileSync(broken, readFileSync(include, 'utf8').replace('${endIf}', ''));
  const result = compile(broken);
  assert.notEqual(result.status, 0);
  assert.match(result.output, /could not resolve label "_LogicLib_ElseLabel/);
});

test('the include removes the wake-up tasks and the login item, and keeps them for an update', () => {
  const text = readFileSync(include, 'utf8');
  assert.match(text, /\$\{ifNot\} \$\{isUpdated\}/);
  assert.match(
    text,
    /Get-ScheduledTask -TaskPath '\\PWA Host\\' .*\| Unregister-ScheduledTask -Confirm:\$\$false/,
  );
  assert.match(
    text,
    /DeleteRegValue HKCU "Software\\Microsoft\\Windows\\CurrentVersion\\Run" "\$\{APP_ID\}"/,
  );
});
