// A problem with the user's input: printed as one line on stderr, exit code 2, no stack trace.
export class CliError extends Error {
  override readonly name = 'CliError';
}

/** What a command prints on stdout; a non-zero code without a CliError means "ran, but the answer is no" (e.g. verification failed). */
export type CommandOutput = string | { code: number; stdout: string };
