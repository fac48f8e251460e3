export * from './bus-event';
export * from './consumer';
export * from './pattern';
export * from './subscription';
