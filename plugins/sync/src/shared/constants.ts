export const loggerCtx = 'SyncPlugin';
