// MediaStreamTrackProcessor (Chromium, "mediacapture-transform") is not in TypeScript's DOM lib.
// Declared here with only the part the capture page uses.
interface MediaStreamTrackProcessorInit {
  track: MediaStreamTrack;
  maxBufferSize?: number;
}

declare class MediaStreamTrackProcessor {
  constructor(init: MediaStreamTrackProcessorInit);
  readonly readable: ReadableStream<VideoFrame>;
}
