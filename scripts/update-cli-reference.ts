/** `npm run docs:cli`: rewrites the CLI reference in docs/cli.md from the argument parser's own --help. */
import { readFileSync, writeFileSync } from 'node:fs';
import { withCliReference } from '../app/headless/cli/cli-reference.ts';

const readme = new URL('../docs/cli.md', import.meta.url);
writeFileSync(readme, withCliReference(readFileSync(readme, 'utf8')));
