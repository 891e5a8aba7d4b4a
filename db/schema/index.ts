// The whole schema, one module per aggregate.
export * from './organisations';
export * from './people';
export * from './memberships';
export * from './questionnaires';
export * from './flows';
export * from './pairs';
export * from './meetings';
export * from './jobs';
export * from './coordinators';
export * from './reports';
export * from './figures';
