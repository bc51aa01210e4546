export * from './canonical';
export * from './product-snapshot';
export * from './stock-movement';
