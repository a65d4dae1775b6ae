import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { resolve } from 'node:path';

// One build for the three parts of the desktop app. The browser host serves the same
// renderer build (out/renderer).
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        // The export's render worker (electron/services/render-pool.ts) runs beside the
        // main bundle, so the app's export renders on every core as the command does.
        input: {
          index: resolve(__dirname, 'electron/main/index.ts'),
          'render-worker': resolve(__dirname, 'electron/services/render-worker.ts'),
        },
        output: {
          format: 'cjs',
          entryFileNames: '[name].cjs',
          chunkFileNames: '[name]-[hash].cjs',
        },
      },
    },
  },
  preload: {
    // Sandboxed preloads must be CommonJS.
    // A sandboxed preload can require only 'electron': bundle everything else (zod).
    build: {
      externalizeDeps: false,
      outDir: 'out/preload',
      rollupOptions: {
        input: resolve(__dirname, 'electron/preload/index.ts'),
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    plugins: [react()],
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      emptyOutDir: true,
      rollupOptions: { input: resolve(__dirname, 'renderer/index.html') },
    },
  },
});
