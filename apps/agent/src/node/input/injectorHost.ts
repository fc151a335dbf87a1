// Child-process entry that owns one injector on one display (DISPLAY is process-wide for nut-js).
// Protocol on stdin/stdout: one JSON object per line. Request {id, op, args}; reply {id, ok: true} or
// {id, ok: false, code, message}. The display comes from argv[2]. Started by childInjector.ts.
import { createInterface } from 'node:readline';
import { TetherError } from '@tether/protocol';
import { createInjector, type Injector } from './injector';

type Op = 'pointerMove' | 'pointerButton' | 'wheel' | 'key' | 'setClipboard' | 'close';
const OPS = new Set<Op>(['pointerMove', 'pointerButton', 'wheel', 'key', 'setClipboard', 'close']);

function reply(message: object): void {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

async function run(injector: Injector, op: Op, args: unknown[]): Promise<void> {
  const call = injector[op] as (...a: unknown[]) => Promise<void>;
  await call(...args);
}

async function main(): Promise<void> {
  const display = process.argv[2] ?? '';
  const injector = await createInjector({ display });
  reply({ ready: true });
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    let id: unknown = null;
    try {
      const request = JSON.parse(line) as { id: unknown; op: Op; args: unknown[] };
      id = request.id;
      if (!OPS.has(request.op) || !Array.isArray(request.args)) throw new TetherError('E_BAD_ARGUMENT', `bad injector request ${line.slice(0, 80)}`);
      await run(injector, request.op, request.args);
      reply({ id, ok: true });
      if (request.op === 'close') break;
    } catch (e) {
      const code = e instanceof TetherError ? e.code : 'E_INTERNAL';
      reply({ id, ok: false, code, message: e instanceof Error ? e.message : String(e) });
    }
  }
  process.exit(0);
}

main().catch((e: unknown) => {
  process.stderr.write(`injector host failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
