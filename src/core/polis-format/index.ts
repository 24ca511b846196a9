export * from './csv.ts';
export * from './summary.ts';
export * from './comments.ts';
export * from './votes.ts';
export * from './participants-votes.ts';
export * from './conversation.ts';
