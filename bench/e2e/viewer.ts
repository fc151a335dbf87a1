// The technician's viewer for the benchmark, as the console runs it: the console's real TechnicianSession
// and VideoPipe (WebCodecs decode drawn to a 2D canvas, patches drawn at once) in one headless Debian
// Chromium page, connected to the relay itself. The page stamps when a watched colour first reached the
// canvas, on the machine's wall clock (performance.timeOrigin + performance.now(), the same clock the
// scene and this process use).
import { startVideoPipePage, type PageControl, type PageSession, type PipeState } from '../../tests/support/videoPipePage';

/** The marker point the benchmark watches: 5 % across, 8 % down (inside the marker window at 0,0). */
const MARK = { x: 0.05, y: 0.08 };

export interface Viewer {
  /** The technician session in the page. */
  session: PageSession;
  /** Real pointer moves on the page's canvas, sent by the console's own control listener. */
  control: PageControl;
  /** Starts watching the marker for this colour; hit() then returns when it was first drawn (0 until then) and by what. */
  watch(rgb: [number, number, number]): Promise<void>;
  hit(): Promise<{ at: number; by: string }>;
  framesSince(wallMs: number): Promise<number>;
  /** Per frame / patch since the last call: message received -> on the canvas (decode + draw for frames). */
  timings(): Promise<{ frameMs: number[]; patchMs: number[] }>;
  /** The page's pipe counters (frames and patches painted, decode errors, keyframes it asked for). */
  state(): Promise<PipeState>;
  pid: number | null;
  close(): Promise<void>;
}

export async function startViewer(): Promise<Viewer> {
  const page = await startVideoPipePage();
  return {
    session: page.session,
    control: page.control,
    async watch(rgb) {
      // In the picture size last received (1280x720 in motion), the full screen before any.
      const { width, height } = await page.session.counters();
      const size = width > 0 ? { width, height } : { width: 1920, height: 1080 };
      await page.watch(Math.round(size.width * MARK.x), Math.round(size.height * MARK.y), rgb, 40);
    },
    hit: () => page.hit(),
    framesSince: (t) => page.framesSince(t),
    timings: () => page.timings(),
    state: () => page.state(),
    pid: page.pid,
    close: () => page.close(),
  };
}
