export * from './download';
export * from './handler';
export * from './openapi';
export * from './principal';
export * from './problem';
export * from './route';
export * from './tenant-status';
export * from './zod-messages';
