export * from './pricing-rules';
