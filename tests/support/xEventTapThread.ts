// The X event tap on a thread of its own. A worker reads the X socket and stamps each event in its own
// event loop, so whatever the calling thread is busy with when the event comes (the benchmark's DevTools
// traffic with its pages, the xev observers' pipes) cannot hold the stamp back. The worker is then the X
// client whose receipt is timed, as an application's event thread would be. Events reach the caller by
// message, with their stamps converted to the caller's performance.now().
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { createEventLog } from './eventLog';
import { tapWindow, type TappedEvent, type XEventTap } from './xEventTap';

interface Start {
  tether: 'x-event-tap';
  display: string;
  window: number;
}

type FromTap = { kind: 'ready' } | { kind: 'failed'; message: string } | { kind: 'event'; event: TappedEvent; wall: number } | { kind: 'xError'; code: number };

if (!isMainThread && (workerData as Start | undefined)?.tether === 'x-event-tap') {
  const { display, window } = workerData as Start;
  const port = parentPort as NonNullable<typeof parentPort>;
  const post = (message: FromTap): void => port.postMessage(message);
  tapWindow(display, window, {
    onEvent: (event) => post({ kind: 'event', event, wall: performance.timeOrigin + event.receivedAt }),
    onError: (code) => post({ kind: 'xError', code }),
  }).then(
    () => post({ kind: 'ready' }),
    (e: unknown) => post({ kind: 'failed', message: e instanceof Error ? e.message : String(e) }),
  );
}

/** Like tapWindow, with the socket read and the stamps taken on a worker thread. */
export async function tapWindowInThread(display: string, window: number): Promise<XEventTap> {
  // The worker runs this TypeScript file: it registers tsx's loader in its own thread first (a loader the
  // starting process registered does not reach worker threads on Node 20).
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api')).href.replace(/index\.cjs$/, 'index.mjs');
  const boot = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(import.meta.url)}); });`;
  const worker = new Worker(boot, { eval: true, workerData: { tether: 'x-event-tap', display, window } satisfies Start });
  const errors: number[] = [];
  const log = createEventLog<TappedEvent>((ms, seen) => `X event tap (thread) on ${display}: no matching event within ${ms} ms (saw ${seen}, errors ${errors.join(',') || 'none'})`);
  const started = new Promise<void>((resolve, reject) => {
    worker.on('message', (message: FromTap) => {
      if (message.kind === 'ready') resolve();
      else if (message.kind === 'failed') reject(new Error(message.message));
      else if (message.kind === 'xError') errors.push(message.code);
      else {
        log.events.push({ ...message.event, receivedAt: message.wall - performance.timeOrigin });
        log.notify();
      }
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the X event tap thread exited (${code}) before it was ready`)));
  });
  // A tap that could not start ends its thread, so nothing is left running behind the error.
  await started.catch(async (e: unknown) => {
    await worker.terminate();
    throw e;
  });
  return {
    events: log.events,
    errors,
    waitFor: (pred, timeoutMs = 5000) => log.waitFor(pred, timeoutMs),
    // Ending the thread closes its X connection.
    close: () => void worker.terminate(),
  };
}
