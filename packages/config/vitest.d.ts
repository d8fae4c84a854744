import type { UserConfig } from 'vite';
import type { ViteUserConfig } from 'vitest/config';

export declare function procuraVitestConfig(
  options?: ViteUserConfig['test'] & { database?: boolean },
  configUrl?: string,
): UserConfig & ViteUserConfig;
