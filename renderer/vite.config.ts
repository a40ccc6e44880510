import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import type { UserConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * Builds the editor into out/renderer, which `pipewright studio` serves and the Electron window
 * loads. Relative asset paths let both hosts serve it from any folder.
 */
export default defineConfig(({ command, mode }) => {
  // Vite lets a NODE_ENV in the caller's environment beat the build mode, so a build started
  // from vitest (NODE_ENV=test) would ship React's slow development build. The mode decides;
  // Vite reads NODE_ENV after loading this file, as its documentation suggests.
  if (command === 'build' && mode === 'production') process.env.NODE_ENV = 'production';
  return config;
});

const config: UserConfig = {
  root,
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../out/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'chrome120',
    sourcemap: true,
    // elkjs (about 1.5 MB) is its own chunk, loaded only when Layout is first used.
    chunkSizeWarningLimit: 1600,
  },
};
