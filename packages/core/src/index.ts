export * from './config';
export * from './errors';
export * from './logger';
export * from './password';
export * from './permissions';
export * from './principal';
export * from './text';
