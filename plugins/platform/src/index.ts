export * from './lifecycle';
export * from './paths';
export * from './preflight';
export * from './progress';
export * from './seeding';
export * from './settings';
export * from './startup-error';
export * from './vendure-config';
