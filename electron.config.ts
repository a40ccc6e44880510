import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { UserConfig } from 'electron-vite';

const at = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * Builds the desktop app into out/ (main, preload, renderer): the main process (the studio API
 * and the window), the preload, and the renderer. The renderer is the same build `pipewright
 * studio` serves, so its settings follow renderer/vite.config.ts. No section names its own
 * outDir, so that `--outDir` moves the whole build (the build test writes into a temp folder).
 */
export default defineConfig(({ command }) => {
  // As in renderer/vite.config.ts: a build ships React's production build whatever NODE_ENV
  // the caller has (vitest sets "test"); Vite reads NODE_ENV after loading this file.
  if (command === 'build') process.env.NODE_ENV = 'production';
  return config;
});

const config: UserConfig = {
  main: {
    build: {
      rolldownOptions: { input: { index: at('./main/electron/main.ts') } },
    },
  },
  preload: {
    build: {
      rolldownOptions: {
        input: { index: at('./main/electron/preload.ts') },
        // A sandboxed preload cannot be an ES module.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: at('./renderer'),
    base: './',
    plugins: [react()],
    build: {
      emptyOutDir: true,
      target: 'chrome120',
      sourcemap: true,
      rolldownOptions: { input: { index: at('./renderer/index.html') } },
    },
  },
};
