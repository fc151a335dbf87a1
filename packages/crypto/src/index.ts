export * from './randomSource';
export * from './keys';
export * from './certificate';
export * from './revocation';
export * from './kdf';
export * from './handshakeTranscript';
export * from './handshake';
