export * from './canonical';
export * from './outcomes';
export * from './product-snapshot';
export * from './stock-movement';
export * from './push-signature';
export * from './replicated-view';
export * from './sync-api';
export * from './snapshot-fields';
