// The capture page's pipeline: getDisplayMedia (sampled at sampleFps) -> MediaStreamTrackProcessor ->
// fps cap -> (scale + privacy masks) -> unchanged-frame check -> VideoEncoder -> chunk frames over the
// page link. A small change also goes at once as a patch (its exact pixels), ahead of its video frame.
import { MAX_VIDEO_PATCH_BYTES } from '@tether/protocol';
import { encodeChunkFrame, encodePatchFrame } from '../../common/capture/captureWire';
import type { CaptureControl, CaptureStartOptions } from '../../common/capture/captureTypes';
import { CaptureStatsCounter } from './captureStatsCounter';
import { ChangeDetector, type FrameChange } from './changeDetector';
import { cutPatch } from '../../common/capture/patchCutter';
import { PatchBudget } from '../../common/capture/patchBudget';
import { patchColour } from './patchColour';
import { FrameRateCap } from '../../common/capture/frameRateCap';
import { SamplingGovernor, type SamplingState } from '../../common/capture/samplingGovernor';
import { captureConstraints, evenSide, motionSize, type PictureSize } from '../../common/capture/motionSize';
import { MotionLoadGovernor } from '../../common/capture/motionLoad';
import { EncoderSession, type EncodedOutput } from './encoderSession';
import { FrameCompositor } from './frameCompositor';
import type { PageLink } from './pageLink';

/** Frames are dropped (before encoding) while the socket holds more than this. */
const MAX_SOCKET_BACKLOG = 8 * 1024 * 1024;
const MAX_ENCODER_QUEUE = 2;
/** After a size cap is lifted, frames of the capped size may still be in flight for this long. */
const UNCAP_SETTLE_MS = 500;

export class CapturePipeline {
  private readonly stats = new CaptureStatsCounter();
  private readonly detector = new ChangeDetector();
  private readonly compositor = new FrameCompositor();
  private readonly encoder: EncoderSession;
  private track: MediaStreamTrack | null = null;
  private reader: ReadableStreamDefaultReader<VideoFrame> | null = null;
  private paused = false;
  private stopped = false;
  private forceKeyframe = true;
  private lastKeyframeAt = -Infinity;
  private readonly cap: FrameRateCap;
  private readonly sampling: SamplingGovernor;
  private readonly patchBudget: PatchBudget;
  private readonly motionLoad = new MotionLoadGovernor();
  /** The screen's own size (frames seen while no size cap applied), and whether a motion cap applies. */
  private native: PictureSize | null = null;
  private sizeCapped = false;
  private uncappedAt = -Infinity;
  private needsReconfigure = false;
  private sourceWidth = 0;
  private sourceHeight = 0;
  private seq = 0;

  constructor(
    private readonly link: PageLink,
    private options: CaptureStartOptions,
  ) {
    this.cap = new FrameRateCap(options.fps);
    this.sampling = new SamplingGovernor(options.fps, options.sampleFps);
    this.patchBudget = new PatchBudget(options.bitrate);
    this.encoder = new EncoderSession(
      (output) => this.send(output),
      (error) => this.fail('E_INTERNAL', `encoder: ${error.message}`),
    );
  }

  async start(): Promise<void> {
    const stream = await navigator.mediaDevices.getDisplayMedia({ video: { frameRate: { ideal: this.options.sampleFps } }, audio: false });
    const track = stream.getVideoTracks()[0];
    if (!track) throw new Error('display capture returned no video track');
    this.track = track;
    track.addEventListener('ended', () => {
      if (!this.stopped) this.link.send({ type: 'ended', reason: 'the screen capture track ended' });
    });
    this.reader = new MediaStreamTrackProcessor({ track }).readable.getReader();
    void this.readLoop();
  }

  handle(control: CaptureControl): void {
    switch (control.type) {
      case 'setMasks':
        this.options = { ...this.options, masks: control.masks };
        this.detector.reset();
        return;
      case 'setConfig':
        this.options = { ...this.options, ...withoutType(control) };
        this.needsReconfigure = true;
        // The sampling rate stays (a change still shows within one sample); fewer samples are encoded.
        if (control.bitrate !== undefined) this.patchBudget.setBitrate(control.bitrate);
        if (control.fps !== undefined) {
          this.cap.setFps(control.fps);
          this.applySampling(this.sampling.setFps(control.fps));
        }
        return;
      case 'requestKeyframe':
        this.forceKeyframe = true;
        return;
      case 'pause':
        this.paused = true;
        return;
      case 'resume':
        this.paused = false;
        this.forceKeyframe = true;
        this.detector.reset();
        return;
      case 'getStats':
        this.link.send({
          type: 'stats',
          id: control.id,
          stats: this.stats.snapshot({ paused: this.paused, codec: this.encoder.codec, width: this.encoder.width, height: this.encoder.height, samplingFps: this.sampling.rate, motion: this.sampling.motion, motionMaxPixels: this.motionLoad.maxPixels, minFps: this.trackMinFps() }),
        });
        return;
      case 'stop':
        this.stop('stopped by the agent');
        return;
      case 'start':
        this.link.send({ type: 'error', code: 'E_BAD_ARGUMENT', message: 'capture already started' });
        return;
    }
  }

  stop(reason: string): void {
    if (this.stopped) return;
    this.stopped = true;
    void this.reader?.cancel().catch(() => undefined);
    this.track?.stop();
    this.encoder.close();
    this.link.send({ type: 'ended', reason });
    this.link.close();
  }

  private fail(code: 'E_INTERNAL' | 'E_BAD_ARGUMENT', message: string): void {
    this.link.send({ type: 'error', code, message });
    this.stop(message);
  }

  private async readLoop(): Promise<void> {
    const reader = this.reader;
    if (!reader) return;
    while (!this.stopped) {
      const { value: frame, done } = await reader.read().catch(() => ({ value: undefined, done: true as const }));
      if (done || !frame) break;
      try {
        await this.process(frame);
      } catch (e) {
        this.fail('E_INTERNAL', e instanceof Error ? e.message : String(e));
      } finally {
        frame.close();
      }
    }
  }

  private async process(frame: VideoFrame): Promise<void> {
    this.stats.framesIn++;
    const arrived = performance.now();
    if (!this.sizeCapped && arrived - this.uncappedAt > UNCAP_SETTLE_MS) this.native = { width: frame.displayWidth, height: frame.displayHeight };
    const resized = this.motionLoad.frame(arrived, this.sampling.rate, this.sampling.motion && !this.paused);
    if (resized !== null) {
      this.stats.motionSizeChanges++;
      this.applyConstraints(this.sampling.state);
    }
    if (this.paused || this.stopped) return;
    if (!this.cap.allows(frame.timestamp)) {
      this.stats.framesOverFpsCap++;
      return;
    }
    if (!(await this.ensureEncoder(frame.displayWidth, frame.displayHeight))) return;
    if (this.encoder.queueSize > MAX_ENCODER_QUEUE || this.link.buffered > MAX_SOCKET_BACKLOG) {
      this.stats.framesDroppedBackpressure++;
      return;
    }
    const width = this.encoder.width;
    const height = this.encoder.height;
    const compose = this.options.masks.length > 0 || width !== frame.displayWidth || height !== frame.displayHeight;
    const composeStart = performance.now();
    const input = compose ? this.compositor.compose(frame, width, height, this.options.masks) : frame;
    if (compose) this.stats.composeMs.add(performance.now() - composeStart);
    try {
      const now = performance.now();
      const keyFrame = this.forceKeyframe || now - this.lastKeyframeAt >= this.options.keyframeIntervalMs;
      const compareStart = performance.now();
      const change = await this.detector.compare(input);
      const changed = change.changed;
      this.stats.compareMs.add(performance.now() - compareStart);
      this.applySampling(this.sampling.observe(changed, now, changedArea(change)));
      if (!changed && !keyFrame) {
        this.stats.framesUnchanged++;
        return;
      }
      if (this.stopped) return;
      this.cap.encoded(frame.timestamp);
      this.encoder.encode(input, keyFrame);
      this.stats.framesEncoded++;
      // The encoder works on its own thread meanwhile; the patch reaches the socket well before the chunk.
      if (!keyFrame) this.patch(change, input);
      if (keyFrame) {
        this.forceKeyframe = false;
        this.lastKeyframeAt = now;
      }
    } finally {
      if (input !== frame) input.close();
    }
  }

  /** Sends a small change's pixels at once (within the patch budget); the video frame follows anyway. */
  private patch(change: FrameChange, input: VideoFrame): void {
    const { box, planes, pixels } = change;
    if (!box || !planes || !pixels) return;
    const now = performance.now();
    if (!this.patchBudget.allows(box, this.link.buffered, now)) return;
    const cut = cutPatch(pixels, planes, box);
    if (cut.data.length > MAX_VIDEO_PATCH_BYTES) return;
    const { pixelBytes: _unpacked, ...body } = cut;
    const bytes = encodePatchFrame({ timestampUs: Math.max(0, Math.round(input.timestamp)), colour: patchColour(input.colorSpace), ...body });
    this.link.sendBinary(bytes);
    this.patchBudget.spend(bytes.length, now);
    this.stats.patchesSent++;
    this.stats.patchBytesSent += bytes.length;
    this.stats.patchMs.add(performance.now() - now);
  }

  /** Asks the capturer for a new sampling rate, and a smaller picture in motion (the governor said so); null leaves it. */
  private applySampling(state: SamplingState | null): void {
    if (state === null) return;
    this.stats.samplingChanges++;
    this.applyConstraints(state);
  }

  /** Asks the capturer for the sampling state's rate, and in motion for the size the machine can keep up with. */
  private applyConstraints(state: SamplingState): void {
    const maxPixels = this.motionLoad.maxPixels;
    const capped = state.motion && this.native !== null && motionSize(this.native, maxPixels) !== null;
    if (this.sizeCapped && !capped) this.uncappedAt = performance.now();
    this.sizeCapped = capped;
    void this.track?.applyConstraints(captureConstraints(state.rate, state.motion, this.native, maxPixels)).catch(() => {
      this.stats.constraintFailures++;
    });
  }

  /** The minimum frame rate in the track's constraints as Chromium holds them (not as asked). */
  private trackMinFps(): number | null {
    const rate = this.track?.getConstraints().frameRate;
    return typeof rate === 'object' && typeof rate.min === 'number' ? rate.min : null;
  }

  /** Opens the encoder on the first frame and reconfigures it when the source size or the knobs change. */
  private async ensureEncoder(sourceWidth: number, sourceHeight: number): Promise<boolean> {
    const sizeChanged = sourceWidth !== this.sourceWidth || sourceHeight !== this.sourceHeight;
    if (this.encoder.codec !== null && !sizeChanged && !this.needsReconfigure) return true;
    this.sourceWidth = sourceWidth;
    this.sourceHeight = sourceHeight;
    this.needsReconfigure = false;
    const width = evenSide(sourceWidth / this.options.scale);
    const height = evenSide(sourceHeight / this.options.scale);
    let codecString: string;
    if (this.encoder.codec === null) {
      const opened = await this.encoder.open(this.options.codecs, width, height, this.options);
      if (!opened) {
        this.fail('E_BAD_ARGUMENT', `none of the codecs ${this.options.codecs.join(', ')} can be encoded here`);
        return false;
      }
      codecString = opened.codecString;
    } else {
      this.encoder.reconfigure(width, height, this.options);
      codecString = this.encoder.codecString;
    }
    this.forceKeyframe = true;
    this.detector.reset();
    const codec = this.encoder.codec;
    if (codec) this.link.send({ type: 'configured', codec, codecString, width, height, sourceWidth, sourceHeight });
    return !this.stopped;
  }

  private send(output: EncodedOutput): void {
    const data = new Uint8Array(output.chunk.byteLength);
    output.chunk.copyTo(data);
    const keyframe = output.chunk.type === 'key';
    const bytes = encodeChunkFrame({
      seq: this.seq,
      timestampUs: Math.max(0, Math.round(output.chunk.timestamp)),
      keyframe,
      codec: output.codec,
      width: output.width,
      height: output.height,
      ...(output.decoderConfig ? { config: output.decoderConfig } : {}),
      data,
    });
    this.seq = (this.seq + 1) >>> 0;
    this.link.sendBinary(bytes);
    this.stats.bytesSent += bytes.length;
    if (keyframe) this.stats.keyframes++;
    this.stats.encodeMs.add(output.encodeMs);
  }
}

/** The share of the picture the changed box covers (1 when the box is not known). */
function changedArea(change: FrameChange): number {
  const { box, planes } = change;
  if (!box || !planes || planes.width <= 0 || planes.height <= 0) return 1;
  return (box.width * box.height) / (planes.width * planes.height);
}

function withoutType(control: Extract<CaptureControl, { type: 'setConfig' }>): Partial<CaptureStartOptions> {
  const out: Partial<CaptureStartOptions> = {};
  if (control.fps !== undefined) out.fps = control.fps;
  if (control.scale !== undefined) out.scale = control.scale;
  if (control.bitrate !== undefined) out.bitrate = control.bitrate;
  return out;
}
