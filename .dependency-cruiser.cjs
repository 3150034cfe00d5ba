/* global module */
/**
 * No import circles in product code, type-only imports included (they tie the files' shapes together as
 * much as value imports do; eslint's import-x/no-cycle skips them). `npm run lint` runs this.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import circle: split the shared part into a file both sides import.',
      from: { path: '^(src|dialogs)/' },
      to: { circular: true },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|node_modules)/' },
  },
};
