import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ErrorObject } from 'ajv';
import { load } from 'js-yaml';

const require = createRequire(import.meta.url);

/** electron-builder.yml as electron-builder reads it (js-yaml, the parser it uses itself). */
export function loadBuilderConfig(path: string): unknown {
  return load(readFileSync(path, 'utf8'));
}

let validate: ((config: unknown) => boolean) & { errors?: ErrorObject[] | null };

/**
 * Checks a config against app-builder-lib's own scheme.json and returns one line per error, e.g.
 * `/linux must NOT have additional properties (categry)`, or nothing when it is valid. electron-builder's
 * own check reports a misspelt key as "should be one of these: null"; these lines name the key and its path.
 */
export function builderConfigErrors(config: unknown): string[] {
  if (validate === undefined) {
    // The options electron-builder validates with (app-builder-lib/out/util/config/schemaValidator.js):
    // non-strict, so scheme.json's `typeof: "function"` (which it also puts on plain maps such as
    // linux.desktop.entry) constrains nothing, and types coerced as electron-builder coerces them.
    const ajv = new Ajv({ allErrors: true, coerceTypes: true, strict: false });
    validate = ajv.compile(require('app-builder-lib/scheme.json'));
  }
  if (validate(config)) return [];
  return relevantErrors(validate.errors ?? []).map(describeError);
}

/**
 * Nearly every option in scheme.json is `anyOf: [the option, null]`, so one wrong key also fails the null
 * branch and the anyOf around it. Those echoes go when a specific error explains the failure.
 */
function relevantErrors(errors: ErrorObject[]): ErrorObject[] {
  const isEcho = (error: ErrorObject) =>
    error.keyword === 'anyOf' ||
    error.keyword === 'oneOf' ||
    (error.keyword === 'type' && (error.params as { type?: string }).type === 'null');
  const specific = errors.filter((error) => !isEcho(error));
  return specific.length > 0 ? specific : errors;
}

function describeError(error: ErrorObject): string {
  const where = error.instancePath === '' ? '/' : error.instancePath;
  const extra = error.params as { additionalProperty?: string; allowedValues?: unknown[] };
  const detail =
    extra.additionalProperty !== undefined
      ? ` (${extra.additionalProperty})`
      : extra.allowedValues !== undefined
        ? ` (${extra.allowedValues.join(', ')})`
        : '';
  return `${where} ${error.message ?? 'is invalid'}${detail}`;
}
