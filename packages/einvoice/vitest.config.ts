import { procuraVitestConfig } from '@procura/config/vitest';
import { defineConfig } from 'vitest/config';

export default defineConfig(procuraVitestConfig({}, import.meta.url));
