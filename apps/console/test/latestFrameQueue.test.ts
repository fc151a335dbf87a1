import { describe, expect, it } from 'vitest';
import { LatestFrameQueue } from '../src/common/latestFrameQueue';

/** A job the test finishes by hand, so what arrives while it runs is under the test's control. */
function gatedJobs() {
  const started: string[] = [];
  const finish: (() => void)[] = [];
  const handle = (item: string): Promise<void> => {
    started.push(item);
    return new Promise<void>((resolve) => finish.push(resolve));
  };
  const next = async (): Promise<void> => {
    finish.shift()!();
    // let the queue's loop take its next item
    await new Promise((r) => setTimeout(r, 0));
  };
  return { started, handle, next };
}

/** A queue over gated jobs, recording what it drops. */
function gatedQueue() {
  const jobs = gatedJobs();
  const dropped: string[] = [];
  const q = new LatestFrameQueue<string>(jobs.handle, (i) => dropped.push(i));
  return { jobs, dropped, q };
}

describe('LatestFrameQueue', () => {
  it('runs an item at once when idle, one job at a time', async () => {
    const { jobs, dropped, q } = gatedQueue();
    q.offer('a');
    expect(jobs.started).toEqual(['a']);
    expect(q.busy).toBe(true);
    q.offer('b');
    expect(jobs.started).toEqual(['a']);
    await jobs.next();
    expect(jobs.started).toEqual(['a', 'b']);
    await jobs.next();
    expect(q.busy).toBe(false);
    expect(dropped).toEqual([]);
  });

  it('keeps only the newest item offered while a job runs, dropping the ones it replaces', async () => {
    const { jobs, dropped, q } = gatedQueue();
    q.offer('a');
    q.offer('b');
    q.offer('c');
    q.offer('d');
    expect(dropped).toEqual(['b', 'c']);
    await jobs.next();
    await jobs.next();
    expect(jobs.started).toEqual(['a', 'd']);
    expect(q.busy).toBe(false);
  });

  it('clear drops the waiting item; an item offered after it still runs, after the running job', async () => {
    const { jobs, dropped, q } = gatedQueue();
    q.offer('old-1');
    q.offer('old-2');
    q.clear();
    expect(dropped).toEqual(['old-2']);
    q.offer('new');
    expect(jobs.started).toEqual(['old-1']);
    await jobs.next();
    expect(jobs.started).toEqual(['old-1', 'new']);
    await jobs.next();
    expect(q.busy).toBe(false);
  });

  it('reports a failed job and goes on with the next item; synchronous jobs run at once', async () => {
    const failures: unknown[] = [];
    const seen: string[] = [];
    const q = new LatestFrameQueue<string>(
      (item) => {
        seen.push(item);
        if (item === 'bad') throw new Error('no');
      },
      () => undefined,
      (e) => failures.push(e),
    );
    q.offer('bad');
    await new Promise((r) => setTimeout(r, 0));
    q.offer('good');
    expect(seen).toEqual(['bad', 'good']);
    expect(failures).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 0));
    expect(q.busy).toBe(false);
  });
});
