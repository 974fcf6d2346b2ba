// Browser-test plumbing: the real suture-server on 127.0.0.1 (port 0) with a
// throw-away data folder, the suture CLI and suture-client as child
// processes, Debian's chromium through playwright-core, axe-core, screenshots.
import {execFile, spawn} from 'node:child_process';
import {createHash} from 'node:crypto';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {createRequire} from 'node:module';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {promisify} from 'node:util';

const run = promisify(execFile);

export function env(name) {
  const v = process.env[name];
  if (!v) throw new Error(`browser tests: environment variable ${name} is not set`);
  return v;
}

// playwright-core and axe-core from the build tree's node_modules (npm ci).
const req = createRequire(join(env('SUTURE_NODE_MODULES'), 'noop.js'));
export const {chromium} = req('playwright-core');
export const axeSource = readFileSync(req.resolve('axe-core/axe.min.js'), 'utf8');

export function tempDir(tag) {
  return mkdtempSync(join(tmpdir(), `suture-${tag}-`));
}

export async function startServer(dataDir) {
  const proc = spawn(env('SUTURE_SERVER_BIN'), ['--data', dataDir, '--listen', '127.0.0.1:0'],
      {stdio: ['ignore', 'pipe', 'pipe']});
  let out = '';
  const got = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 20000);
    const onData = (d) => {
      out += d.toString();
      const token = /admin token: (sut_[0-9a-f]{64})/.exec(out);
      const url = /^listening on (http:\/\/127\.0\.0\.1:\d+)/m.exec(out);
      const dev = /^device listener on (http:\/\/127\.0\.0\.1:\d+)/m.exec(out);
      if (token && url && dev) {
        clearTimeout(timer);
        resolve({token: token[1], url: url[1], deviceUrl: dev[1]});
      }
    };
    proc.stdout.on('data', onData);
    proc.stderr.on('data', onData);
    proc.on('exit', (c) => reject(new Error(`server exited ${c}: ${out}`)));
  });
  return {...got, stop: () => proc.kill('SIGTERM')};
}

export async function cli(server, args) {
  const extra = server ? {SUTURE_SERVER: server.url, SUTURE_TOKEN: server.token} : {};
  const {stdout} = await run(env('SUTURE_CLI_BIN'), args, {env: {...process.env, ...extra}});
  return stdout;
}

export async function deviceSync(opts) {
  const args = ['sync', '--server', opts.server.deviceUrl, '--app', opts.app,
    '--app-key', opts.appKey, '--device', opts.device, '--base', opts.base,
    '--state', opts.state, '--release-pubkey', opts.releasePub,
    '--server-pubkey', opts.serverPub, '--attr', 'os=android', '--attr', `sdk=${opts.sdk || 34}`,
    '--json'];
  const {stdout} = await run(env('SUTURE_CLIENT_BIN'), args);
  return stdout;
}

export async function deviceStatus(state) {
  const {stdout} = await run(env('SUTURE_CLIENT_BIN'), ['status', '--state', state, '--json']);
  return JSON.parse(stdout);
}

export async function deviceLaunch(state) {
  await run(env('SUTURE_CLIENT_BIN'), ['launch', '--state', state]);
}

export function sha256File(path) {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

// A fresh profile (--user-data-dir, removed on close) in headless chromium:
// one browser context with its own cookies.
export async function launchBrowser() {
  const profile = tempDir('chromium-profile');
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    viewport: {width: 1280, height: 900},
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {context, close: async () => {
    await context.close();
    rmSync(profile, {recursive: true, force: true});
  }};
}

// axe-core on the page (evaluated through the DevTools protocol, which the
// page's CSP does not govern); throws on any serious or critical violation.
export async function checkA11y(page, where) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => await window.axe.run(document));
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (bad.length) {
    const text = bad.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target).join(', ')}`);
    throw new Error(`axe on ${where}: ${text.join('; ')}`);
  }
  return result.violations.length;
}

// Screenshots of the page at 1280 px and 390 px wide.
export async function screenshots(page, dir, name) {
  for (const width of [1280, 390]) {
    await page.setViewportSize({width, height: width === 390 ? 844 : 900});
    await page.screenshot({path: join(dir, `${name}-${width}.png`), fullPage: true});
  }
  await page.setViewportSize({width: 1280, height: 900});
}
