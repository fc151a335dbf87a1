// Explicit size limits of session messages. Decoders refuse anything larger with E_OVERSIZED;
// encoders refuse it with RangeError. Lengths of text fields count UTF-16 code units (string.length).

/** Every session message starts with [version u8][type tag u8]. */
export const SESSION_HEADER_BYTES = 2;
/** UTF-8 JSON body of a control message (everything that is not a fixed binary layout). */
export const MAX_JSON_BODY_BYTES = 64 * 1024;
/** report.summary may list files and counters, so it gets a larger body. */
export const MAX_REPORT_BODY_BYTES = 256 * 1024;
/** Certificate JSON inside hs.techHello. */
export const MAX_CERTIFICATE_BYTES = 4 * 1024;
/** clipboard.text payload, UTF-8 bytes. */
export const MAX_CLIPBOARD_BYTES = 1024 * 1024;
/** file.chunk payload. */
export const MAX_FILE_CHUNK_BYTES = 1024 * 1024;
/** video.chunk payload (one encoded frame). */
export const MAX_VIDEO_CHUNK_BYTES = 4 * 1024 * 1024;
/** video.patch payload (packed pixels of one small change). */
export const MAX_VIDEO_PATCH_BYTES = 1024 * 1024;
/** video.patch area: a patch is for small changes; anything larger travels only as video. */
export const MAX_VIDEO_PATCH_PIXELS = 512 * 512;
/** Default limit of decodeSessionMessage: the largest message any type allows (video chunk + header). */
export const MAX_SESSION_MESSAGE_BYTES = MAX_VIDEO_CHUNK_BYTES + 64;

export const MAX_REASON_CHARS = 500;
export const MAX_CHAT_CHARS = 4000;
export const MAX_RATING_COMMENT_CHARS = 2000;
export const MAX_REPORT_NOTES_CHARS = 4000;
export const MAX_STROKE_POINTS = 2048;
export const MAX_SURFACES = 16;
export const MAX_DECODERS = 16;
export const MAX_FILE_NAME_CHARS = 255;
export const MAX_FILE_SIZE_BYTES = 2 ** 40;
export const MAX_KEY_CODE_CHARS = 32;
export const MAX_OFFERED_VERSIONS = 16;
