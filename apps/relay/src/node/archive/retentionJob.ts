// Runs retention on a fixed interval (default hourly) and reports each pass; one pass at a time.
import type { ArchiveService, RetentionReport } from './archiveService';

export interface RetentionJob {
  runNow(): Promise<RetentionReport>;
  stop(): void;
}

export function startRetentionJob(service: ArchiveService, options: { intervalMs?: number; onReport?: (report: RetentionReport) => void; onError?: (error: Error) => void } = {}): RetentionJob {
  let running: Promise<RetentionReport> | undefined;
  const runNow = (): Promise<RetentionReport> => {
    running ??= service.enforceRetention().then((report) => {
      options.onReport?.(report);
      return report;
    }).finally(() => (running = undefined));
    return running;
  };
  const timer = setInterval(() => void runNow().catch((error: Error) => options.onError?.(error)), options.intervalMs ?? 3_600_000);
  timer.unref();
  return { runNow, stop: () => clearInterval(timer) };
}
