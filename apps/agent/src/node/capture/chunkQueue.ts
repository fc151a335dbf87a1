// Hands encoded chunks to consumers as listeners and/or one async iterator. The iterator's buffer is
// bounded: when a consumer falls behind, the oldest chunks are dropped and counted (a consumer that
// needs every chunk should use a listener, which is called synchronously).
import type { EncodedChunk } from '../../common/capture/captureTypes';

export class ChunkQueue implements AsyncIterable<EncodedChunk> {
  private readonly listeners = new Set<(chunk: EncodedChunk) => void>();
  private readonly buffer: EncodedChunk[] = [];
  private waiting: ((result: IteratorResult<EncodedChunk>) => void) | null = null;
  private ended = false;
  private iterating = false;
  dropped = 0;

  constructor(private readonly maxBuffered = 240) {}

  onChunk(listener: (chunk: EncodedChunk) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  push(chunk: EncodedChunk): void {
    for (const listener of this.listeners) listener(chunk);
    if (!this.iterating) return;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = null;
      resolve({ value: chunk, done: false });
      return;
    }
    this.buffer.push(chunk);
    if (this.buffer.length > this.maxBuffered) {
      this.buffer.shift();
      this.dropped++;
    }
  }

  end(): void {
    this.ended = true;
    const resolve = this.waiting;
    this.waiting = null;
    resolve?.({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterator<EncodedChunk> {
    if (this.iterating) throw new Error('capture chunks can be iterated only once');
    this.iterating = true;
    return {
      next: () => {
        const chunk = this.buffer.shift();
        if (chunk) return Promise.resolve({ value: chunk, done: false });
        if (this.ended) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve) => (this.waiting = resolve));
      },
      return: () => {
        this.buffer.length = 0;
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  }
}
