// Generates each package's custom-elements.json from its JSDoc (`npm run manifest`).
// `npm test` regenerates them in memory and fails if a committed manifest is stale.
export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.test.ts', 'src/**/fixtures/**', 'src/**/*.styles.ts'],
  litelement: true,
  outdir: '.',
};
