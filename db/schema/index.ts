export * from './covenants';
export * from './identity';
export * from './subjects';
export * from './weighing-file';
export * from './case-file';
export * from './meetings';
export * from './audit';
export * from './live';
