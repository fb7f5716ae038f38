/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The dev server forwards API and health calls to a running Pathways server, so cookies and
// CSRF behave as in production (same origin from the browser's point of view).
const backend = process.env.PATHWAYS_ADDR ?? '127.0.0.1:8080';
const proxy = Object.fromEntries(
  ['/api', '/healthz', '/readyz'].map((p) => [p, { target: `http://${backend}`, changeOrigin: false }]),
);

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    // dist/ is wiped on every build; public/.gitkeep puts dist/.gitkeep back so the Go
    // embed directive still finds the directory in a fresh clone.
    emptyOutDir: true,
    // The server's CSP forbids inline code; keep every asset a separate file.
    assetsInlineLimit: 0,
    sourcemap: false,
  },
  server: { proxy },
  test: {
    environment: 'jsdom',
    setupFiles: ['src/test/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    restoreMocks: true,
    // A guard against a hung test, not a speed check: form tests that type and click take
    // well over vitest's 5 s default on a loaded 2-core machine.
    testTimeout: 30_000,
  },
});
