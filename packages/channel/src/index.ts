export * from './wsLike';
export * from './prioritySender';
export * from './relayLink';
export * from './secureSession';
export * from './timers';
