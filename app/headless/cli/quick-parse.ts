import { defaultDataDir } from '../../os/data-dir.ts';
import type { ParseResult } from './command.ts';
import {
  COMMAND_TABLE,
  type CommandSpec,
  commandFrom,
  GLOBAL_OPTIONS,
  globalOptionsFrom,
  launcherToOpen,
  type OptionSpec,
} from './command-table.ts';
import type { ParseContext } from './parse-args.ts';

/**
 * Reads an ordinary command line — a command's words, its arguments and options, the global options,
 * each once, in the forms `--name value`, `--name=value` and `-f` — straight from the command table,
 * without loading commander (about a fifth of a command's start-up). Anything else (help, version, an
 * unknown word or option, a missing or refused value, `--`, a value that starts with `-`) returns
 * undefined, and parse-args.ts, the full parser, answers it: every line read here reads the same there
 * (a test holds both to that).
 */
export function quickParse(argv: readonly string[], context: ParseContext): ParseResult | undefined {
  const words = launcherToOpen(argv);
  let spec: CommandSpec | undefined;
  const values: string[] = [];
  const options = new Map<OptionSpec, unknown>();
  for (let index = 0; index < words.length; index += 1) {
    const word = words[index] as string;
    if (word.startsWith('-')) {
      const known = [...GLOBAL_OPTIONS, ...(spec?.options ?? [])];
      const [name, inline] = splitOption(word);
      const option = known.find((candidate) =>
        name.startsWith('--') ? name === `--${candidate.long}` : name === `-${candidate.short}`,
      );
      if (option === undefined || option.field === 'appId' || options.has(option)) return undefined;
      let value: unknown = true;
      if (option.value === undefined) {
        if (inline !== undefined) return undefined;
      } else {
        let text = inline;
        if (text === undefined) {
          index += 1;
          text = words[index];
          if (text?.startsWith('-')) return undefined;
        }
        if (text === undefined || text === '') return undefined;
        value = parsed(option.parse, text);
        if (value === undefined) return undefined;
      }
      options.set(option, value);
    } else if (spec === undefined) {
      spec = COMMAND_TABLE.find((row) => row.words.length === 1 && row.words[0] === word);
      if (spec === undefined) return undefined;
      const [first] = spec.words;
      const sub = COMMAND_TABLE.find((row) => row.words[0] === first && row.words[1] === words[index + 1]);
      if (sub !== undefined) {
        spec = sub;
        index += 1;
      }
    } else {
      values.push(word);
    }
  }
  if (spec === undefined) return undefined;
  const specArguments = spec.arguments ?? [];
  if (values.length > specArguments.length) return undefined;
  const checked: (string | undefined)[] = [];
  for (const [index, argument] of specArguments.entries()) {
    const value = values[index];
    if (value === undefined && argument.required) return undefined;
    const accepted = value === undefined ? undefined : parsed(argument.parse, value);
    if (value !== undefined && accepted === undefined) return undefined;
    checked.push(accepted);
  }
  const global = new Map([...options].filter(([option]) => GLOBAL_OPTIONS.includes(option)));
  const own = new Map([...options].filter(([option]) => !GLOBAL_OPTIONS.includes(option)));
  return {
    kind: 'command',
    command: commandFrom(spec, checked, own),
    options: globalOptionsFrom(
      Object.fromEntries([...global].map(([option, value]) => [option.field, value])),
      () => defaultDataDir(context.env),
    ),
  };
}

function splitOption(word: string): [name: string, inline: string | undefined] {
  const equals = word.indexOf('=');
  return word.startsWith('--') && equals !== -1
    ? [word.slice(0, equals), word.slice(equals + 1)]
    : [word, undefined];
}

/** The value as the row's parser takes it, or undefined when refused (the full parser then says why). */
function parsed<T>(parse: ((value: string) => T) | undefined, value: string): T | string | undefined {
  if (parse === undefined) return value;
  try {
    return parse(value);
  } catch {
    return undefined;
  }
}
