// Flag parsing for the admin commands: strict (unknown flags are errors) and with required-flag checks.
import { parseArgs } from 'node:util';
import { CliError } from './cliError';

export type FlagSpec = Record<string, { type: 'string' | 'boolean'; multiple?: boolean }>;

export interface ParsedArgs {
  flags: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

export function parseFlags(argv: string[], spec: FlagSpec, command: string): ParsedArgs {
  try {
    const { values, positionals } = parseArgs({ args: argv, options: spec, strict: true, allowPositionals: true });
    return { flags: values as ParsedArgs['flags'], positionals };
  } catch (error) {
    throw new CliError(`${command}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  }
}

export function requireString(args: ParsedArgs, name: string, command: string): string {
  const value = args.flags[name];
  if (typeof value !== 'string' || value.trim() === '') throw new CliError(`${command}: missing required flag --${name}`);
  return value;
}

export function optionalString(args: ParsedArgs, name: string): string | undefined {
  const value = args.flags[name];
  return typeof value === 'string' ? value : undefined;
}

export function requirePositiveInteger(args: ParsedArgs, name: string, command: string, max: number): number {
  const text = requireString(args, name, command);
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < 1 || value > max) {
    throw new CliError(`${command}: --${name} must be a whole number from 1 to ${max}, got "${text}"`);
  }
  return value;
}
