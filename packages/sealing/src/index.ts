export * from './from-env';
export * from './kms';
export * from './local';
export * from './sealer';
