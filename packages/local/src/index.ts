export * from './demo-data';
export * from './dynamo';
export * from './queue-store';
export * from './queue-worker';
export * from './runtime';
export * from './seed';
export * from './stream-bus';
export * from './tables';
