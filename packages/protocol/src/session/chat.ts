// Chat and on-screen annotation (drawn by the technician over the customer's screen).
import { jsonCodec } from './codec';
import { MAX_CHAT_CHARS, MAX_STROKE_POINTS } from './limits';
import { COLOR_HEX, epochMsField, idField, textField, u16Field } from './schema';

export type ChatSender = 'technician' | 'customer';
export type AnnotationTool = 'pen' | 'arrow' | 'highlight' | 'laser';
export const ANNOTATION_TOOLS: readonly AnnotationTool[] = ['pen', 'arrow', 'highlight', 'laser'];
export const MAX_STROKE_WIDTH = 64;

export interface ChatMessage {
  v: number;
  type: 'chat.message';
  id: string;
  from: ChatSender;
  /** 1..MAX_CHAT_CHARS characters. */
  text: string;
  /** Sender's clock, epoch ms. */
  ts: number;
}

export interface AnnotationStrokeMessage {
  v: number;
  type: 'annotation.stroke';
  id: string;
  /** The surface the points are normalised to. */
  surfaceId: number;
  tool: AnnotationTool;
  /** '#rrggbb', lower-case hex. */
  color: string;
  /** Line width in surface pixels, 1..MAX_STROKE_WIDTH. */
  width: number;
  /** [x, y] pairs normalised to 0..65535 on the surface, 1..MAX_STROKE_POINTS of them. */
  points: Array<[number, number]>;
}

export interface AnnotationClearMessage {
  v: number;
  type: 'annotation.clear';
}

export type ChatFamilyMessage = ChatMessage | AnnotationStrokeMessage | AnnotationClearMessage;

export const chatCodecs = {
  'chat.message': jsonCodec<ChatMessage>('chat.message', 0x40, {
    id: idField(),
    from: { kind: 'enum', values: ['technician', 'customer'] },
    text: textField(MAX_CHAT_CHARS, false, 1),
    ts: epochMsField,
  }),
  'annotation.stroke': jsonCodec<AnnotationStrokeMessage>('annotation.stroke', 0x41, {
    id: idField(),
    surfaceId: u16Field,
    tool: { kind: 'enum', values: ANNOTATION_TOOLS },
    color: { kind: 'string', min: 7, max: 7, pattern: COLOR_HEX },
    width: { kind: 'int', min: 1, max: MAX_STROKE_WIDTH },
    points: { kind: 'array', min: 1, max: MAX_STROKE_POINTS, of: { kind: 'array', min: 2, max: 2, of: u16Field } },
  }),
  'annotation.clear': jsonCodec<AnnotationClearMessage>('annotation.clear', 0x42, {}),
};
