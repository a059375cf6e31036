// The CodeMirror bundle in public/editor/. Rollup, not a bundler that splits shared
// code into chunks of its own: `index.js` keeps everything it imports itself, so the
// editor's core is one request the page names, not a second round of requests found
// only once it has arrived; each language and keymap (a dynamic import) becomes a
// chunk that imports what it shares from `index.js`.
import { rmSync } from 'node:fs';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';

const outputDir = '../public/editor';
// Chunk names change with their content: the previous build's would pile up.
rmSync(outputDir, { recursive: true, force: true });

export default {
  input: 'editor/index.js',
  output: {
    dir: outputDir,
    format: 'es',
    entryFileNames: '[name].js',
    chunkFileNames: 'chunks/[name]-[hash].js',
  },
  plugins: [nodeResolve(), terser()],
};
