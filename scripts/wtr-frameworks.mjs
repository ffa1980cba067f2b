// Lets browser tests import React and Vue the way an app's bundler would.
// React ships CommonJS only: its entry points are bundled once by esbuild into ES modules that
// share one copy of React, with the named exports Node sees. Vue's browser build (with its
// template compiler) stands in for `vue`.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { build } from 'esbuild';

const REACT_ENTRIES = ['react', 'react/jsx-runtime', 'react/jsx-dev-runtime', 'react-dom', 'react-dom/client'];
const PREFIX = '/__careline/frameworks/';
const fileOf = (entry) => entry.replaceAll('/', '__');

/**
 * @param {{ packageDir: string }} options The package whose React the tests use (its own version
 * may differ from one hoisted to the root).
 */
export function frameworkModulesPlugin({ packageDir }) {
  // CommonJS has no static export list: take the names Node sees, in a child process
  // (React's development build would otherwise run inside the test runner, with its console).
  const namesOf = (entry) =>
    JSON.parse(execFileSync(process.execPath, ['-e', `process.stdout.write(JSON.stringify(Object.keys(require(${JSON.stringify(entry)}))))`], { cwd: packageDir, encoding: 'utf8', env: { ...process.env, NODE_ENV: 'development' } }));
  /** @type {Promise<Map<string, string>> | undefined} */
  let reactFiles;
  const bundleReact = () =>
    (reactFiles ??= build({
      absWorkingDir: packageDir,
      entryPoints: Object.fromEntries(REACT_ENTRIES.map((entry) => [fileOf(entry), `careline-entry:${entry}`])),
      bundle: true,
      splitting: true,
      format: 'esm',
      outdir: join(packageDir, 'out'),
      write: false,
      define: { 'process.env.NODE_ENV': '"development"' },
      logLevel: 'silent',
      plugins: [
        {
          name: 'named-exports-of-commonjs',
          setup(esbuild) {
            esbuild.onResolve({ filter: /^careline-entry:/ }, (args) => ({ path: args.path.slice('careline-entry:'.length), namespace: 'careline-entry' }));
            esbuild.onLoad({ filter: /.*/, namespace: 'careline-entry' }, (args) => {
              const names = namesOf(args.path).filter((name) => name !== 'default' && /^[A-Za-z_$][\w$]*$/.test(name));
              return {
                contents: `import m from ${JSON.stringify(args.path)};\nexport default m;\nexport const { ${names.join(', ')} } = m;\n`,
                resolveDir: packageDir,
              };
            });
          },
        },
      ],
    }).then((result) => new Map(result.outputFiles.map((file) => [file.path.slice(join(packageDir, 'out').length + 1), file.text]))));
  return {
    name: 'careline-framework-modules',
    resolveImport({ source }) {
      if (REACT_ENTRIES.includes(source)) return `${PREFIX}${fileOf(source)}.js`;
      if (source === 'vue') return '/node_modules/vue/dist/vue.esm-browser.js';
      return undefined;
    },
    async serve(context) {
      if (!context.path.startsWith(PREFIX)) return undefined;
      const files = await bundleReact();
      const body = files.get(context.path.slice(PREFIX.length));
      return body === undefined ? undefined : { body, type: 'js' };
    },
  };
}
