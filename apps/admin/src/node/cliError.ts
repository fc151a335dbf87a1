// A problem with the user's input: printed as one line on stderr, exit code 2, no stack trace.
export class CliError extends Error {
  override readonly name = 'CliError';
}
