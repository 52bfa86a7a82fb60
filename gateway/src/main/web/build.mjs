// Copies the dashboard page and its npm dependencies (installed by `npm ci`) to the directory given as the
// first argument (Maven passes target/classes/web), and compiles the TypeScript client (clients/typescript) into
// its vendor/tickplant-client as plain ES modules. No bundler: the page is an ES module and uPlot ships an IIFE.
import { spawnSync } from 'node:child_process';
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

// The client's own tsconfig, with its output here; source maps would point at files the jar does not carry.
const client = join(here, '..', '..', '..', '..', 'clients', 'typescript');
const tsc = spawnSync(process.execPath, [join(here, 'node_modules', 'typescript', 'bin', 'tsc'),
  '-p', join(client, 'tsconfig.json'), '--outDir', join(out, 'vendor', 'tickplant-client'), '--sourceMap', 'false'],
{ stdio: 'inherit' });
if (tsc.status !== 0) {
  console.error(`tsc failed (${tsc.status ?? tsc.signal}) compiling ${client}`);
  process.exit(1);
}
console.log(`dashboard written to ${out}`);
