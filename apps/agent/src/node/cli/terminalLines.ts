// Line-based conversation with the person at the terminal (a TTY or piped stdin). One dialog at a time
// holds the prompt (a consent question never interleaves with a file approval); lines typed while no
// question is open go to the idle handler (sharing commands). With piped input, lines the idle handler
// does not claim are kept for the next question, so answers can be prepared in advance.
import { createInterface, type Interface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';

export type Ask = (question: string) => Promise<string | null>;
export type IdleVerdict = 'handled' | 'unclaimed';

const MAX_BUFFERED_LINES = 64;

export class TerminalLines {
  private readonly reader: Interface;
  private readonly buffered: string[] = [];
  private waiting: ((line: string | null) => void) | undefined;
  private lock: Promise<void> = Promise.resolve();
  private generation = 0;
  private ended = false;
  idleHandler: (line: string) => IdleVerdict = () => 'unclaimed';

  constructor(
    input: Readable,
    private readonly output: Writable,
    private readonly options: { keepUnclaimedLines: boolean; unclaimedHint?: string },
  ) {
    this.reader = createInterface({ input, terminal: false, crlfDelay: Infinity });
    this.reader.on('line', (line) => this.onLine(line));
    this.reader.on('close', () => {
      this.ended = true;
      this.answer(null);
    });
  }

  /** True once the input has ended (Ctrl-D, or the pipe closed): every later question gets null. */
  get inputEnded(): boolean {
    return this.ended;
  }

  print(text: string): void {
    this.output.write(text.endsWith('\n') ? text : `${text}\n`);
  }

  /**
   * Runs a sequence of questions with the prompt to itself. `ask` resolves null when the input ended or
   * the dialog was cancelled (the session ended meanwhile); callers treat null as a refusal.
   */
  dialog<T>(run: (ask: Ask) => Promise<T>): Promise<T> {
    const generation = this.generation;
    const result = this.lock.then(() => run((question) => (generation === this.generation ? this.ask(question) : Promise.resolve(null))));
    this.lock = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  /** Ends every open and queued dialog: their remaining questions answer null. */
  cancelDialogs(): void {
    this.generation++;
    this.answer(null);
  }

  close(): void {
    this.reader.close();
  }

  private ask(question: string): Promise<string | null> {
    this.output.write(question.endsWith(' ') ? question : `${question} `);
    const ready = this.buffered.shift();
    if (ready !== undefined) {
      this.output.write(`${ready}\n`);
      return Promise.resolve(ready);
    }
    if (this.ended) {
      this.output.write('\n');
      return Promise.resolve(null);
    }
    return new Promise((resolve) => (this.waiting = resolve));
  }

  private answer(line: string | null): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.(line);
  }

  private onLine(line: string): void {
    if (this.waiting) return this.answer(line);
    if (this.idleHandler(line) === 'handled') return;
    if (!this.options.keepUnclaimedLines) {
      if (this.options.unclaimedHint) this.print(this.options.unclaimedHint);
    } else if (this.buffered.length < MAX_BUFFERED_LINES) {
      this.buffered.push(line);
    }
  }
}
