// axe-core ships its browser build as a UMD script without module typings: importing it
// for its side effect sets `window.axe`. The typed API comes from `import type … from 'axe-core'`.
declare module 'axe-core/axe.min.js';
