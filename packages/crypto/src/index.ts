export * from './randomSource';
export * from './keys';
export * from './certificate';
export * from './revocation';
export * from './kdf';
