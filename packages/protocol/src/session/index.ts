// Public surface of the session messages. Codec tables and schema internals stay private to the package.
export * from './limits';
export type { SessionLane, SessionMessageBase } from './codec';
export { isWellFormedText } from './schema';
export {
  KEY_BYTES, NONCE_BYTES, SIGNATURE_BYTES, MAX_CERTIFICATE_TEXT_CHARS, TEMPLATE_ID_PATTERN, type HandshakeCertificate, type AgentHelloMessage, type TechHelloMessage, type AgentFinishMessage, type HandshakeAbortMessage, type HandshakeMessage,
} from './handshake';
export {
  type ConsentRequestMessage, type ConsentGrantMessage, type ConsentDeniedMessage, type ConsentRevokeMessage, type ConsentMessage,
} from './consent';
export {
  PAUSE_ACTORS, STOP_ACTORS, type PauseActor, type StopActor, type SessionPauseMessage, type SessionResumeMessage, type SessionStopMessage, type PingMessage, type PongMessage, type SessionErrorMessage, type ControlMessage,
} from './control';
export {
  PointerButtons, KeyModifier, KEY_CODE_PATTERN, type PointerButton, type PointerMoveMessage, type PointerButtonMessage, type WheelMessage, type KeyMessage, type ClipboardTextMessage, type InputMessage,
} from './input';
export {
  ANNOTATION_TOOLS, MAX_STROKE_WIDTH, type ChatSender, type AnnotationTool, type ChatMessage, type AnnotationStrokeMessage, type AnnotationClearMessage, type ChatFamilyMessage,
} from './chat';
export {
  FILE_DIRECTIONS, FILE_NAME_PATTERN, type FileDirection, type FileOfferMessage, type FileAnswerMessage, type FileChunkMessage, type FileResumeMessage, type FileDoneMessage, type FileErrorMessage, type FileMessage,
} from './files';
export {
  CODEC_STRING_PATTERN, type StreamSurface, type StreamSurfacesMessage, type StreamSelectMessage, type StreamConfigMessage, type StreamCodecsMessage, type StreamKeyframeRequestMessage, type StreamStatsMessage, type StreamMessage,
} from './stream';
export {
  VIDEO_CODECS, VIDEO_CHUNK_HEADER_BYTES, type VideoCodec, type VideoChunkMessage,
} from './videoChunk';
export {
  VIDEO_PATCH_FORMATS, VIDEO_PATCH_PACKINGS, VIDEO_PATCH_HEADER_BYTES, PATCH_MATRICES, PATCH_PRIMARIES, PATCH_TRANSFERS, videoPatchPixelBytes, videoPatchPixels,
  type VideoPatchFormat, type VideoPatchPacking, type VideoPatchColour, type VideoPatchMessage,
} from './videoPatch';
export { packByteRuns, unpackByteRuns } from './byteRuns';
export {
  HEAD_HASH_BYTES, MAX_REPORT_FILES, SESSION_OUTCOMES, type SessionOutcome, type LogHeadSignRequestMessage, type LogHeadSignatureMessage, type ReportSummary, type ReportSummaryMessage, type RatingMessage, type ReportMessage,
} from './report';
export {
  MAX_TEMPLATE_MASK_RULES, MAX_TEMPLATE_RULE_CHARS, type WirePermissionTemplate, type PolicyTemplateMessage, type PolicyMessage,
} from './policy';
export { SESSION_MESSAGE_TYPES, SESSION_MESSAGE_TAGS, isSessionMessageType, type SessionMessage, type SessionMessageType, type SessionMessageOf } from './registry';
export * from './sessionCodec';
