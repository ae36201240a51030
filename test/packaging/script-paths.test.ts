import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Every TypeScript file under `dir`, recursively. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

// A file URL's pathname is not a path on Windows (`/C:/Users/…`, with %20 for spaces): `npm run build`,
// `npm start` and `npm run dist` run there too.
const URL_PATHNAME = /\bimport\.meta\.url\s*\)\s*\.pathname\b/;

test('the build, start and packaging scripts turn file URLs into paths with fileURLToPath, never .pathname', () => {
  const offenders = sources(join(root, 'scripts'))
    .filter((file) => URL_PATHNAME.test(readFileSync(file, 'utf8')))
    .map((file) => relative(root, file));
  assert.deepEqual(offenders, []);
});

test('the check catches a script that takes a URL pathname', () => {
  assert.match("const root = new URL('..', import.meta.url).pathname;", URL_PATHNAME);
  assert.doesNotMatch("const root = fileURLToPath(new URL('..', import.meta.url));", URL_PATHNAME);
});
