export * from './laneFrame';
export * from './authProof';
export * from './controlMessages';
export * from './controlCodec';
