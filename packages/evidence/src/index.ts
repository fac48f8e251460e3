export * from './keys';
export * from './store';
