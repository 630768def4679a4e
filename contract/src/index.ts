export * from './common.ts';
export * from './identity.ts';
export * from './password-policy.ts';
export * from './orgs.ts';
export * from './members.ts';
export * from './id-card.ts';
export * from './transfers.ts';
export * from './setup.ts';
