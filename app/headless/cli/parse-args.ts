import {
  CommanderError,
  InvalidArgumentError,
  type OutputConfiguration,
  Command as Program,
} from 'commander';
import { defaultDataDir } from '../../os/data-dir.ts';
import { type Command, EXIT_OK, EXIT_USAGE, type ParseResult } from './command.ts';
import {
  COMMAND_TABLE,
  type CommandSpec,
  commandFrom,
  GLOBAL_OPTIONS,
  globalOptionsFrom,
  InvalidValueError,
  launcherToOpen,
  type OptionSpec,
  PROGRAM_DESCRIPTION,
  PROGRAM_NAME,
} from './command-table.ts';

const HELP_WIDTH = 100;

export interface ParseContext {
  env: NodeJS.ProcessEnv;
  version: string;
}

/**
 * Turns `pwa-host` arguments (without the node and script paths) into a command, or into the text to print
 * and the exit code for help, version and usage errors. Pure: it reads nothing but its inputs and writes
 * nothing, so every case is a row in a table test. The full parser, built with commander from the command
 * table; quick-parse.ts reads the ordinary command lines without loading it.
 */
export function parseArgs(argv: readonly string[], context: ParseContext): ParseResult {
  let stdout = '';
  let stderr = '';
  let parsed: Command | undefined;
  // A fixed width and no colours keep the output a function of the arguments alone.
  const output: OutputConfiguration = {
    getOutHelpWidth: () => HELP_WIDTH,
    getErrHelpWidth: () => HELP_WIDTH,
    getOutHasColors: () => false,
    getErrHasColors: () => false,
    writeOut: (text) => {
      stdout += text;
    },
    writeErr: (text) => {
      stderr += text;
    },
  };
  const program = buildProgram(context, output, (command) => {
    parsed = command;
  });
  try {
    program.parse(launcherToOpen(argv), { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    return { kind: 'exit', exitCode: error.exitCode === 0 ? EXIT_OK : EXIT_USAGE, stdout, stderr };
  }
  if (parsed === undefined) {
    return { kind: 'exit', exitCode: EXIT_USAGE, stdout, stderr: stderr || program.helpInformation() };
  }
  const options = globalOptionsFrom(program.opts(), () => defaultDataDir(context.env));
  return { kind: 'command', options, command: parsed };
}

function buildProgram(
  context: ParseContext,
  output: OutputConfiguration,
  select: (command: Command) => void,
): Program {
  const program = new Program(PROGRAM_NAME)
    .description(PROGRAM_DESCRIPTION)
    .version(context.version, '-V, --version');
  for (const option of GLOBAL_OPTIONS) program.option(flagsOf(option), option.description);
  program
    .exitOverride()
    // Set before the subcommands are added: they copy the output configuration when created.
    .configureOutput(output)
    .showHelpAfterError('(run with --help for usage)');

  const parents = new Map<string, Program>();
  for (const spec of COMMAND_TABLE) {
    const [first = '', second] = spec.words;
    const parent = second === undefined ? program : parents.get(first);
    if (parent === undefined) throw new Error(`The command table lists ${first} after its subcommands.`);
    const command = parent.command(second ?? first).description(spec.description);
    for (const argument of spec.arguments ?? []) {
      const name = argument.required ? `<${argument.name}>` : `[${argument.name}]`;
      if (argument.parse) command.argument(name, argument.description, commanderParser(argument.parse));
      else command.argument(name, argument.description);
    }
    for (const option of spec.options ?? []) {
      if (option.parse) command.option(flagsOf(option), option.description, commanderParser(option.parse));
      else command.option(flagsOf(option), option.description);
    }
    command.action((...values: unknown[]) => select(commandOf(spec, values)));
    if (second === undefined) parents.set(first, command);
  }
  return program;
}

/** commander calls an action with the arguments in order, then the options by attribute name. */
function commandOf(spec: CommandSpec, values: unknown[]): Command {
  const count = spec.arguments?.length ?? 0;
  const flags = values[count] as Record<string, unknown>;
  const options = new Map<OptionSpec, unknown>();
  for (const option of spec.options ?? []) {
    const value = flags[attributeName(option)];
    if (value !== undefined) options.set(option, value);
  }
  return commandFrom(spec, values.slice(0, count) as (string | undefined)[], options);
}

function flagsOf(option: OptionSpec): string {
  const short = option.short === undefined ? '' : `-${option.short}, `;
  return `${short}--${option.long}${option.value === undefined ? '' : ` <${option.value}>`}`;
}

/** As commander names an option's value: `--min-interval-floor` is `minIntervalFloor`. */
function attributeName(option: OptionSpec): string {
  return option.long.replace(/-(\w)/g, (_, letter: string) => letter.toUpperCase());
}

function commanderParser<T>(parse: (value: string) => T): (value: string) => T {
  return (value) => {
    try {
      return parse(value);
    } catch (error) {
      if (error instanceof InvalidValueError) throw new InvalidArgumentError(error.message);
      throw error;
    }
  };
}
