export { type RunningStack, type StackOptions, type StackService, startStack } from './stack.js';
