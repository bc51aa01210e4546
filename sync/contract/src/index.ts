export * from './stock-movement';
