import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// In development (`pnpm --filter @procura/web dev`) the API is the gateway's; `npm start` serves the build.
export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', sourcemap: true },
  server: { proxy: { '/api': 'http://localhost:4000' } },
});
