// Generates each package's custom-elements.json from its JSDoc (`npm run manifest`).
// `npm test` regenerates them in memory and fails if a committed manifest is stale.
export default {
  globs: ['src/**/*.ts'],
  // Views loaded on demand are functions of their element, not API.
  exclude: ['src/**/*.test.ts', 'src/**/fixtures/**', 'src/**/*.styles.ts', 'src/feedback-form/details.ts', 'src/record-viewer/forms.ts', 'src/record-viewer/trend-chart.ts', 'src/community-feed/forms.ts'],
  litelement: true,
  outdir: '.',
};
