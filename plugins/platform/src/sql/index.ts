export * from './sql-rows';
export * from './stock-on-hand';
