export { type BrowserSession, logInThroughDevIdp } from './dev-idp-login.js';
export { type RunningStack, type StackOptions, type StackService, startStack } from './stack.js';
