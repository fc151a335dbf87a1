#!/usr/bin/env tsx
// tether-agent: the headless customer agent. Joins a session by code, prints the verified technician and
// the security code, asks consent at the terminal, shares the X display, and at the end removes its own
// files, prints a summary and (as the one-time binary) schedules its own removal.
// Exit codes: 0 normal end, 1 verification failed or everything refused, 2 bad input.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { TetherError, messageFor } from '@tether/protocol';
import { runAgent, type RunningAgent } from '../session/agentRunner';
import { resolveAgentConfig } from './agentCliConfig';
import { USAGE, parseCliArguments, resolveSessionCode } from './cliArguments';
import { openSharedDisplay } from './displayScreen';
import { cleanUpSessionFiles, oneTimeBinaryPath, removeOneTimeBinary } from './sessionCleanup';
import { EXIT_BAD_INPUT, EXIT_OK, exitCodeFor, sessionSummary } from './sessionSummary';
import { TerminalLines } from './terminalLines';
import { COMMAND_HELP, TerminalPrompt } from './terminalPrompt';

type Env = Readonly<Record<string, string | undefined>>;

function badInput(message: string): number {
  process.stderr.write(`tether-agent: ${message}\n`);
  return EXIT_BAD_INPUT;
}

function defaultFilesFolder(): string {
  const downloads = join(homedir(), 'Downloads');
  return join(existsSync(downloads) ? downloads : homedir(), 'Tether files');
}

/** A dropped socket before the relay accepted the code means the relay could not be reached. */
function failureLine(reason: string, reachedVerification: boolean, relayUrl: string): string {
  if (!reachedVerification && reason.startsWith(messageFor('E_PEER_GONE'))) return `cannot reach the relay at ${relayUrl}: ${reason}`;
  return reason;
}

export async function main(argv: readonly string[], env: Env): Promise<number> {
  const args = parseCliArguments(argv);
  if (!args.ok) return badInput(args.error.detail ?? args.error.message);
  if (args.value.help) {
    process.stdout.write(`${USAGE}\n`);
    return EXIT_OK;
  }
  const names = [env.APPIMAGE, process.execPath, process.argv[1]].filter((n): n is string => !!n).map((n) => basename(n));
  const code = resolveSessionCode(args.value, names);
  if (!code.ok) return badInput(code.error.detail ?? code.error.message);
  const config = await resolveAgentConfig(args.value, env);
  if (!config.ok) return badInput(config.error.detail ?? config.error.message);
  const screen = await openSharedDisplay(args.value.display, env);
  if (!screen.ok) return badInput(screen.error.detail ?? screen.error.message);
  const filesFolder = resolve(args.value.files ?? defaultFilesFolder());
  const madeFolder = existsSync(filesFolder) ? undefined : filesFolder;

  const lines = new TerminalLines(process.stdin, process.stdout, { keepUnclaimedLines: !process.stdin.isTTY, unclaimedHint: `Unknown command: ${COMMAND_HELP}, '> text' to chat.` });
  const prompt = new TerminalPrompt(lines, screen.value, args.value.yesViewOnly);
  lines.print(`Tether agent: joining session ${code.value} at ${config.value.relayUrl} for ${config.value.org} (display ${screen.value.display}, ${screen.value.width}x${screen.value.height}).`);
  const startedAt = Date.now();
  let running: RunningAgent;
  try {
    running = await runAgent({
      relayUrl: config.value.relayUrl, code: code.value, rootPublicKey: config.value.rootPublicKey, org: config.value.org,
      display: screen.value.display, width: screen.value.width, height: screen.value.height, prompt, filesFolder,
      requireTemplate: config.value.requireTemplate,
      ...(env.TETHER_AGENT_LOG ? { log: (line: string) => process.stderr.write(`[agent] ${line}\n`) } : {}),
    });
  } catch (e) {
    lines.close();
    return badInput(e instanceof TetherError ? (e.detail ?? e.message) : e instanceof Error ? e.message : String(e));
  }
  prompt.attachControls(running.session);
  let interrupts = 0;
  process.on('SIGINT', () => {
    if (++interrupts > 1) process.exit(130);
    lines.print('\nStopping the session (Ctrl-C again to quit at once)...');
    running.session.stop('The customer stopped the session.');
  });

  const outcome = await running.outcome;
  lines.close();
  const { kept, report } = await cleanUpSessionFiles(running.createdPaths, running.receivedFiles, madeFolder);
  for (const f of report.failed) process.stderr.write(`tether-agent: could not remove ${f.path}: ${f.reason}\n`);
  for (const path of kept) lines.print(`Received file kept: ${path}`);
  lines.print('');
  lines.print(sessionSummary({ outcome, record: prompt.record, startedAt, endedAt: Date.now(), keptFiles: kept }));
  const exitCode = exitCodeFor(outcome, prompt.record);
  if (exitCode !== EXIT_OK) process.stderr.write(`tether-agent: ${failureLine(outcome.reason, prompt.record.reachedVerification, config.value.relayUrl)}\n`);

  const binary = oneTimeBinaryPath(env, args.value.selfRemove, process.execPath);
  if (binary) {
    const removal = removeOneTimeBinary(binary);
    lines.print(removal.scheduled ? `This one-time program will be removed when it exits: ${removal.path}` : `Self-removal skipped: ${removal.reason}`);
  } else if (args.value.selfRemove) {
    lines.print('Self-removal skipped: not running as the one-time binary.');
  }
  return exitCode;
}

main(process.argv.slice(2), process.env).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`tether-agent: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(EXIT_BAD_INPUT);
  },
);
