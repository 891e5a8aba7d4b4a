// Temporary re-export while the move to src/questionnaires/definition.ts lands; removed after.
export * from '../../src/questionnaires/definition';
