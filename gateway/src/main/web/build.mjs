// Copies the dashboard page and its npm dependencies (installed by `npm ci`) to the directory given as the
// first argument (Maven passes target/classes/web). No bundler: the page is plain ES2020 and uPlot ships an IIFE.
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = process.argv[2];
if (!out) {
  console.error('usage: node build.mjs <output directory>');
  process.exit(2);
}
rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'vendor'), { recursive: true });
cpSync(join(here, 'src'), out, { recursive: true });
for (const file of ['uPlot.iife.min.js', 'uPlot.min.css']) {
  cpSync(join(here, 'node_modules', 'uplot', 'dist', file), join(out, 'vendor', file));
}
cpSync(join(here, 'node_modules', 'uplot', 'LICENSE'), join(out, 'vendor', 'uPlot.LICENSE'));
console.log(`dashboard written to ${out}`);
