// Full-screen motion for capture tests: an X client of the test's own (the X11 wire protocol over the
// display's socket, as xEventTap.ts) that gives the root window a new solid colour at a steady rate, as
// `xsetroot -solid` does, but without a process per frame (xsetroot manages about 30 a second here).
// Every frame differs from the last everywhere on the screen.
import { openXConnection } from './xEventTap';

const CHANGE_WINDOW_ATTRIBUTES = 2;
const CLEAR_AREA = 61;
const CW_BACK_PIXEL = 0x2;

export interface XRootPainter {
  stop(): void;
}

/** The root window of the first screen, from the connection set-up reply. */
function rootWindow(reply: Buffer): number {
  const vendorLength = reply.readUInt16LE(24);
  const formats = reply.readUInt8(29);
  return reply.readUInt32LE(40 + Math.ceil(vendorLength / 4) * 4 + 8 * formats);
}

function paintRequest(root: number, pixel: number): Buffer {
  const b = Buffer.alloc(16 + 16);
  b.writeUInt8(CHANGE_WINDOW_ATTRIBUTES, 0);
  b.writeUInt16LE(4, 2);
  b.writeUInt32LE(root, 4);
  b.writeUInt32LE(CW_BACK_PIXEL, 8);
  b.writeUInt32LE(pixel, 12);
  // ClearArea of the whole window (width and height 0: to its edges), no exposures.
  b.writeUInt8(CLEAR_AREA, 16);
  b.writeUInt16LE(4, 18);
  b.writeUInt32LE(root, 20);
  return b;
}

export async function startRootPainter(display: string, fps: number): Promise<XRootPainter> {
  const { socket, reply } = await openXConnection(display);
  socket.on('error', () => undefined);
  const root = rootWindow(reply);
  let painted = 0;
  const timer = setInterval(() => {
    painted++;
    socket.write(paintRequest(root, (painted * 7919 * 131) & 0xffffff));
  }, 1000 / fps);
  return {
    stop() {
      clearInterval(timer);
      socket.destroy();
    },
  };
}
