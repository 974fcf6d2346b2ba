// Builds the console into --out DIR: esbuild bundles src/main.js and
// src/style.css into content-hashed files (served with immutable caching),
// writes index.html pointing at them (no inline script or style: the server's
// Content-Security-Policy forbids both) and assets.txt, the list the CMake
// step embeds into suture-server (name, content type, immutable flag).
// --watch rebuilds on every change (npm run dev).
import * as esbuild from 'esbuild';
import {mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {basename, dirname, join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const outIdx = args.indexOf('--out');
const out = resolve(outIdx >= 0 ? args[outIdx + 1] : join(here, 'dist'));
const watch = args.includes('--watch');
// The sources (the CMake build runs a copy of this script next to its own
// node_modules, in the build tree).
const srcIdx = args.indexOf('--src');
const src = resolve(srcIdx >= 0 ? args[srcIdx + 1] : here);

const types = {'.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8'};

function writeIndex(metafile) {
  const files = Object.keys(metafile.outputs).map((f) => basename(f));
  const js = files.find((f) => f.endsWith('.js'));
  const css = files.find((f) => f.endsWith('.css'));
  const html = readFileSync(join(src, 'src', 'index.html'), 'utf8')
      .replace('%MAIN_JS%', `/admin/assets/${js}`)
      .replace('%MAIN_CSS%', `/admin/assets/${css}`);
  writeFileSync(join(out, 'index.html'), html);
  const lines = ['index.html\ttext/html; charset=utf-8\t0'];
  for (const f of [js, css]) lines.push(`assets/${f}\t${types[f.slice(f.lastIndexOf('.'))]}\t1`);
  writeFileSync(join(out, 'assets.txt'), lines.join('\n') + '\n');
}

const options = {
  entryPoints: [join(src, 'src', 'main.js'), join(src, 'src', 'style.css')],
  bundle: true,
  minify: !watch,
  sourcemap: false,
  format: 'esm',
  target: ['chrome100', 'firefox100', 'safari15'],
  outdir: join(out, 'assets'),
  entryNames: '[name]-[hash]',
  metafile: true,
  logLevel: 'warning',
  plugins: [{
    name: 'index',
    setup(build) {
      build.onEnd((r) => {
        if (r.errors.length === 0) writeIndex(r.metafile);
      });
    },
  }],
};

rmSync(out, {recursive: true, force: true});
mkdirSync(join(out, 'assets'), {recursive: true});
if (watch) {
  const ctx = await esbuild.context(options);
  await ctx.watch();
  console.log(`admin-web: watching, writing ${out}`);
} else {
  await esbuild.build(options);
}
