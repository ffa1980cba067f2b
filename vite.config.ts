// `npm start`: the demo hospital site on the mock backend (vite dev server, root demo/).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/** Serves msw's worker from the installed package, so it always matches the library version. */
function mockServiceWorker(): Plugin {
  return {
    name: 'careline-mock-service-worker',
    configureServer(server) {
      server.middlewares.use('/mockServiceWorker.js', (_request, response) => {
        response.setHeader('Content-Type', 'application/javascript');
        response.setHeader('Service-Worker-Allowed', '/');
        response.end(readFileSync(`${root}node_modules/msw/lib/mockServiceWorker.js`, 'utf8'));
      });
    },
  };
}

export default defineConfig({
  root: `${root}demo`,
  publicDir: `${root}demo/public`,
  plugins: [mockServiceWorker()],
  server: {
    port: Number(process.env.PORT) || 5173,
    strictPort: false,
    fs: { allow: [root] },
  },
  // Lit once: every package imports the same copy.
  resolve: { dedupe: ['lit', 'lit-html', 'lit-element', '@lit/reactive-element', '@lit/context', '@lit/task'] },
});
