// Every table, for Drizzle's typed queries and for drizzle-kit's migration generator.
export * from './platform/audit/schema.ts';
export * from './modules/orgs/schema.ts';
export * from './modules/members/schema.ts';
export * from './modules/identity/schema.ts';
export * from './modules/setup/schema.ts';
export * from './modules/transfers/schema.ts';
export * from './modules/permissions/schema.ts';
export * from './modules/labels/schema.ts';
export * from './platform/bus/schema.ts';
export * from './modules/notifications/schema.ts';
export * from './modules/exchange/schema.ts';
export * from './modules/files/schema.ts';
export * from './modules/notices/schema.ts';
export * from './modules/search/schema.ts';
