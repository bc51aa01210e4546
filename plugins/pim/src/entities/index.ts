export * from './pricing-rule.entity';
export * from './purchase-order.entity';
export * from './stock-movement.entity';
export * from './supplier-price.entity';
export * from './supplier.entity';
