export * from './api';
export * from './environment';
export * from './fixtures';
export * from './helpers';
export * from './initializers';
export * from './services';
export * from './processes';
export * from './browser';
