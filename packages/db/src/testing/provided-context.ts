// What the global setup hands to every test file of a project.
declare module 'vitest' {
  export interface ProvidedContext {
    procuraDatabase: { adminUrl: string; template: string };
  }
}

export {};
