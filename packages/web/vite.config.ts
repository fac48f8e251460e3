import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The staff console. Built into packages/web/dist and served under /console/ (locally by the runtime, with an
 * SPA fallback to index.html; on AWS by the static hosting in front of the API). No React plugin: Vite's own
 * TSX transform with the automatic JSX runtime is all the build needs.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/console/',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // The main bundle stays under 400 KB; the satisfaction page's chunk (ECharts: bars, grid, legend, aria and
    // the SVG renderer only) is ~480 KB and loads with that page alone.
    chunkSizeWarningLimit: 500,
  },
  server: {
    // `npm run dev -w @zuofeng/web` next to `npm start`: the API and the dev identity provider on :3000.
    proxy: Object.fromEntries(
      [
        '/console/config.json',
        '/me',
        '/county',
        '/units',
        '/people',
        '/accounts',
        '/settings',
        '/audit',
        '/problems',
        '/inbox',
        '/evidence',
        '/local-evidence',
        '/exports',
        '/discipline',
        '/reports',
        '/tolerance-applications',
        '/clarifications',
        '/accountability',
        '/feedback',
        '/form-links',
        '/public',
        '/f/',
        '/dev',
      ].map((p) => [p, process.env.ZF_API ?? 'http://localhost:3000']),
    ),
  },
});
