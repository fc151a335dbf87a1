// Test technician decoder page (plain browser JS, served by tests/support/decoderPage.ts on 127.0.0.1).
// Receives chunks over a loopback WebSocket as pairs: a JSON text frame with the metadata, then a
// binary frame with the chunk bytes. Decodes with WebCodecs VideoDecoder, pipelined (no per-frame flush),
// keeps the latest decoded frame, and samples its pixels on request.
/* global VideoDecoder, EncodedVideoChunk, OffscreenCanvas, WebSocket, location, URL, window, atob */

const state = { received: 0, decoded: 0, configures: 0, errors: [], width: 0, height: 0, codec: '', waitingForKey: 0 };
let decoder = null;
let latest = null;
let pendingMeta = null;
let activeConfigKey = '';
let needKey = true;

function fromBase64(text) {
  const bin = atob(text);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function openDecoder() {
  decoder = new VideoDecoder({
    output: (frame) => {
      if (latest) latest.close();
      latest = frame;
      state.decoded++;
      state.width = frame.displayWidth;
      state.height = frame.displayHeight;
    },
    error: (e) => {
      state.errors.push(String(e && e.message ? e.message : e));
      decoder = null;
      activeConfigKey = '';
      needKey = true;
    },
  });
}

function configure(meta) {
  const key = `${meta.codecString}|${meta.description || ''}`;
  if (decoder && key === activeConfigKey) return;
  if (!decoder || decoder.state === 'closed') openDecoder();
  const config = { codec: meta.codecString, optimizeForLatency: true, hardwareAcceleration: 'no-preference' };
  if (meta.description) config.description = fromBase64(meta.description);
  decoder.configure(config);
  activeConfigKey = key;
  state.configures++;
  state.codec = meta.codecString;
  needKey = true;
}

function decode(meta, data) {
  state.received++;
  if (meta.configChanged || !decoder) configure(meta);
  if (needKey && !meta.keyframe) {
    state.waitingForKey++;
    return;
  }
  needKey = false;
  try {
    decoder.decode(new EncodedVideoChunk({ type: meta.keyframe ? 'key' : 'delta', timestamp: meta.timestampUs, data }));
  } catch (e) {
    state.errors.push(String(e && e.message ? e.message : e));
    needKey = true;
  }
}

function sample(points, radius) {
  if (!latest) return null;
  const w = latest.displayWidth;
  const h = latest.displayHeight;
  const canvas = new OffscreenCanvas(w, h);
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  ctx.drawImage(latest, 0, 0, w, h);
  return points.map(([nx, ny]) => {
    const cx = Math.min(w - 1, Math.max(0, Math.round(nx * (w - 1))));
    const cy = Math.min(h - 1, Math.max(0, Math.round(ny * (h - 1))));
    const x0 = Math.max(0, cx - radius);
    const y0 = Math.max(0, cy - radius);
    const x1 = Math.min(w - 1, cx + radius);
    const y1 = Math.min(h - 1, cy + radius);
    const img = ctx.getImageData(x0, y0, x1 - x0 + 1, y1 - y0 + 1).data;
    const sum = [0, 0, 0];
    const n = img.length / 4;
    for (let i = 0; i < img.length; i += 4) {
      sum[0] += img[i];
      sum[1] += img[i + 1];
      sum[2] += img[i + 2];
    }
    return sum.map((s) => Math.round(s / n));
  });
}

const params = new URL(location.href).searchParams;
const socket = new WebSocket(`ws://${location.host}/decoder-link?token=${encodeURIComponent(params.get('token') || '')}`);
socket.binaryType = 'arraybuffer';
socket.onmessage = (event) => {
  if (typeof event.data === 'string') {
    pendingMeta = JSON.parse(event.data);
    return;
  }
  const meta = pendingMeta;
  pendingMeta = null;
  if (meta) decode(meta, new Uint8Array(event.data));
};

window.tetherDecoder = {
  ready: () => socket.readyState === WebSocket.OPEN,
  state: () => ({ ...state, errors: [...state.errors], queue: decoder ? decoder.decodeQueueSize : 0 }),
  sample,
  flush: async () => {
    if (decoder && decoder.state === 'configured') await decoder.flush();
    needKey = true;
  },
};
