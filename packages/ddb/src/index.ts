export * from './audit';
export * from './client';
export * from './keys';
export * from './outbox';
export * from './paging';
export * from './records';
export * from './table';
