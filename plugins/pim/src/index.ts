export * from './config/permissions';
export * from './entities';
export * from './pim.plugin';
export * from './services/purchase-order.service';
export * from './services/stock-movement.service';
export * from './services/supplier-price.service';
export * from './services/supplier.service';
