export * from './errors';
export * from './result';
export * from './textCodec';
export * from './bytes';
export * from './version';
export * from './consentGrant';
export * from './session/index';
export * from './urlParse';
