export * from './randomSource';
export * from './keys';
export * from './certificate';
