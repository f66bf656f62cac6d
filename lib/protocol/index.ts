export * from './entities';
export * from './events';
export * from './api';
export * from './socket';
export * from './extension';
export * from './catalog';
export * from './analytics';
export * from './text';
