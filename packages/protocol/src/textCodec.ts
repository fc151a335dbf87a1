// UTF-8 text codec for the environment-free layer. TextEncoder/TextDecoder exist in Node, browsers and
// Electron, but the common layer's lib (ES2022 only) does not declare them; this file declares the part we use.
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  decode(input?: Uint8Array): string;
}

const encoder = new TextEncoder();
const strictDecoder = new TextDecoder('utf-8', { fatal: true });
const verbatimDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function utf8Encode(text: string): Uint8Array {
  return encoder.encode(text);
}

/** Decodes UTF-8; throws TypeError on invalid sequences (callers in decode paths catch and map to E_MALFORMED). */
export function utf8Decode(bytes: Uint8Array): string {
  return strictDecoder.decode(bytes);
}

/** Like utf8Decode, but keeps a leading U+FEFF (byte order mark) as text, so decode(encode(s)) === s for every well-formed s. */
export function utf8DecodeVerbatim(bytes: Uint8Array): string {
  return verbatimDecoder.decode(bytes);
}
