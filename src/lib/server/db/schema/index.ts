export * from './org';
export * from './people';
export * from './auth';
export * from './audit';
export * from './progress';
export * from './quiz';
export * from './certificates';
export * from './reports';
