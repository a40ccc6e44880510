export * from './diff.ts';
export * from './generate.ts';
export * from './pipeline-fields.ts';
export * from './routes.ts';
export * from './schemas.ts';
