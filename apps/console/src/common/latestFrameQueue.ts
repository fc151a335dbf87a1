// One asynchronous job at a time over a stream of items, always on the newest: an item offered while a
// job runs waits, and a newer one replaces it (the replaced one is dropped). Items are handled in the
// order they were offered. The console's VideoPipe uses it for decoded frames (converting one to RGBA
// takes a moment; a frame superseded meanwhile is not worth showing late).

export class LatestFrameQueue<T> {
  private running = false;
  private waiting: T | null = null;

  /**
   * @param handle runs for one item; a rejection is reported to `failed` and the queue goes on.
   * @param drop called for an item that is replaced or cleared without being handled.
   */
  constructor(
    private readonly handle: (item: T) => Promise<void> | void,
    private readonly drop: (item: T) => void,
    private readonly failed: (error: unknown) => void = () => undefined,
  ) {}

  /** Whether a job is running now. */
  get busy(): boolean {
    return this.running;
  }

  offer(item: T): void {
    if (this.running) {
      if (this.waiting !== null) this.drop(this.waiting);
      this.waiting = item;
      return;
    }
    void this.run(item);
  }

  /** Drops the waiting item (the running job finishes; what it does then is for `handle` to decide). */
  clear(): void {
    if (this.waiting !== null) this.drop(this.waiting);
    this.waiting = null;
  }

  private async run(first: T): Promise<void> {
    this.running = true;
    let item: T | null = first;
    try {
      while (item !== null) {
        try {
          await this.handle(item);
        } catch (e) {
          this.failed(e);
        }
        item = this.waiting;
        this.waiting = null;
      }
    } finally {
      this.running = false;
    }
  }
}
