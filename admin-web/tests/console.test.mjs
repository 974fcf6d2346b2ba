// Issue 11's browser test: headless Debian chromium (playwright-core) against
// the real suture-server on 127.0.0.1, seeded through the API and the CLI,
// devices simulated by suture-client. Run by ctest (admin_web_browser); the
// environment is set there (admin-web/CMakeLists.txt). Screenshots at 1280
// and 390 px go to $SUTURE_ARTIFACTS.
import assert from 'node:assert/strict';
import {randomBytes} from 'node:crypto';
import {mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';

import {checkA11y, cli, deviceLaunch, deviceStatus, deviceSync, env, launchBrowser, screenshots, sha256File,
  startServer, tempDir} from './harness.mjs';

const APP = 'com.example.shop';
const artifacts = env('SUTURE_ARTIFACTS');
mkdirSync(artifacts, {recursive: true});
const work = tempDir('browser');
let step = 'start';
const log = (s) => {
  step = s;
  console.log(`browser test: ${s}`);
};

async function seedFiles() {
  const base = join(work, 'base.bin');
  const target = join(work, 'target.bin');
  const bytes = randomBytes(64 * 1024);
  writeFileSync(base, bytes);
  bytes.fill(7, 1000, 1400);
  writeFileSync(target, bytes);
  await cli(null, ['keygen', '-o', join(work, 'release')]);
  return {base, target};
}

async function signIn(page, url, token) {
  await page.goto(`${url}/admin/`);
  await page.getByLabel('API token').fill(token);
  await page.getByRole('button', {name: 'Sign in'}).click();
}

async function main() {
  const server = await startServer(join(work, 'data'));
  const closers = [async () => server.stop()];
  try {
    const admin = await launchBrowser();
    closers.unshift(admin.close);
    const serverPub = join(work, 'server.pub');
    const key = await (await fetch(`${server.url}/v1/server-key`)).json();
    writeFileSync(serverPub, key.public_key);
    const {base, target} = await seedFiles();
    const releasePub = join(work, 'release.pub');
    const patch = join(work, 'patch.bin');
    await cli(server, ['diff', base, target, '-o', patch, '--key', join(work, 'release.key'),
      '--app-id', APP, '--target-build', 'build-2', '--patch-version', '1']);

    const ctx = admin.context;
    const page = ctx.pages()[0] || await ctx.newPage();
    page.on('dialog', (d) => d.accept());  // every action is confirmed: say yes

    log('a wrong token is refused and gets no cookie');
    await signIn(page, server.url, 'sut_' + '0'.repeat(64));
    await page.getByRole('alert').filter({hasText: 'Sign-in refused'}).waitFor();
    assert.equal((await ctx.cookies()).length, 0);
    await checkA11y(page, 'sign-in');
    await screenshots(page, artifacts, '01-sign-in-refused');

    log('sign in as admin');
    await signIn(page, server.url, server.token);
    await page.getByRole('heading', {name: 'Apps', level: 1}).waitFor();
    const cookie = (await ctx.cookies()).find((c) => c.name === 'suture_session');
    assert.ok(cookie && cookie.httpOnly && cookie.sameSite === 'Strict', JSON.stringify(cookie));

    log('keyboard: the skip link moves focus to the content and keeps the page');
    assert.equal(await page.evaluate(() => document.querySelector(
        'a[href], button, input, select, textarea, [tabindex="0"]').textContent),
    'Skip to content');  // first in the tab order
    await page.locator('.skip').focus();
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'main');
    assert.ok(await page.getByRole('heading', {name: 'Apps', level: 1}).isVisible());

    log('register an app with its release public key');
    await page.getByLabel('App id').fill(APP);
    await page.getByLabel('Release public key (PEM)').fill(readFileSync(releasePub, 'utf8'));
    await page.getByRole('button', {name: 'Register app'}).click();
    await page.getByRole('link', {name: APP}).waitFor();
    const appKey = (await page.locator('code.secret').first().textContent()).trim();
    assert.match(appKey, /^sak_[0-9a-f]{64}$/);
    await checkA11y(page, 'apps');
    await screenshots(page, artifacts, '02-apps');

    log('see the published patch');
    await cli(server, ['publish', '--app', APP, patch]);
    await page.getByRole('link', {name: APP}).click();
    await page.getByRole('cell', {name: 'build-2'}).waitFor();
    await checkA11y(page, 'app');
    await screenshots(page, artifacts, '03-app-patches-releases');

    log('the patch page lists the bundle\'s entries with their engine and sizes');
    await page.getByRole('link', {name: 'Patch 1', exact: true}).click();
    await page.getByRole('heading', {name: `Patch 1 of ${APP}`}).waitFor();
    const inspected = JSON.parse(await cli(null, ['inspect', '--json', patch]));
    const entryRows = page.locator('table:has(caption:text-is("Entries (1)")) tbody tr');
    assert.equal(await entryRows.count(), inspected.entries.length);
    const cells = await entryRows.first().locator('td').allTextContents();
    const fmt = (n) => `${Number(n).toLocaleString('en-US')} B`;
    assert.deepEqual(cells.slice(1, 6), [inspected.entries[0].op, inspected.entries[0].method,
      fmt(inspected.entries[0].old_size), fmt(inspected.entries[0].new_size),
      fmt(inspected.entries[0].patch_bytes)]);
    assert.match(await page.locator('#patch-sig').textContent(), /^valid/);
    await checkA11y(page, 'patch');
    await screenshots(page, artifacts, '03-patch-entries');
    await page.getByRole('link', {name: `Back to ${APP}`}).click();
    await page.getByRole('cell', {name: 'build-2'}).waitFor();

    log('devices check in before any release');
    const devices = [['dev-1', 28], ['dev-2', 30], ['dev-3', 33], ['dev-4', 34]].map(
        ([device, sdk]) => ({server, app: APP, appKey, device, sdk, base,
          state: join(work, device), releasePub, serverPub}));
    for (const d of devices) await deviceSync(d);
    assert.equal((await deviceStatus(devices[0].state)).current, null);

    log('write a rule: the server checks it as you type and previews its reach');
    const editor = page.getByLabel('Release (JSON)');
    await editor.fill('{"percent": 100, "rules": [{"attr": "sdk", "op": "bogus", "value": 30}]}');
    await page.locator('#preview .error', {hasText: 'Not valid:'}).waitFor();
    await editor.fill('{"percent": 100, "rules": [{"attr": "sdk", "op": "ge", "value": 30}]}');
    const count = page.locator('#preview-count');
    await count.waitFor();
    const m = /(\d+) of (\d+) devices/.exec(await count.textContent());
    assert.ok(m, await count.textContent());
    const previewed = Number(m[1]);
    assert.equal(Number(m[2]), 4);
    assert.equal(previewed, 3);
    assert.ok(!/^null$/m.test(await page.locator('main').innerText()), 'no stray "null"');

    log('the rule form follows the JSON: one row per condition');
    const form = page.locator('#rule-form');
    assert.equal(await form.getByLabel('Field').first().inputValue(), 'sdk');
    assert.equal(await form.getByLabel('Operator').first().inputValue(), 'ge');
    assert.equal(await form.getByLabel('Value', {exact: true}).first().inputValue(), '30');
    assert.equal(await form.locator('[name="percent"]').inputValue(), '100');

    log('the JSON follows the form, by keyboard only; the server checks it as you type');
    await page.locator('#add-condition').focus();
    await page.keyboard.press('Enter');  // a new row, focus on its field
    assert.equal(await page.evaluate(() => document.activeElement.name), 'rule-2-attr');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('os');
    await page.keyboard.press('Tab');  // operator: eq
    await page.keyboard.press('Tab');  // value
    await page.keyboard.press('Control+A');
    await page.keyboard.type('android');
    await page.waitForFunction(() => {
      const j = JSON.parse(document.querySelector('textarea[name="spec"]').value);
      return j.rules.length === 2 && j.rules[1].attr === 'os' && j.rules[1].value === 'android';
    });
    const first = form.locator('[name="rule-1-value"]');
    await first.fill('abc');  // "sdk >= abc": the server's parser says where
    await page.locator('#preview .error', {hasText: 'rules[0].value: expected a number'}).waitFor();
    await first.fill('30');
    await page.locator('#preview-count', {hasText: `${previewed} of 4 devices`}).waitFor();
    assert.deepEqual(JSON.parse(await editor.inputValue()).rules,
        [{attr: 'sdk', op: 'ge', value: 30}, {attr: 'os', op: 'eq', value: 'android'}]);
    await checkA11y(page, 'app with rule preview');
    await screenshots(page, artifacts, '03-app-rule-preview');

    log('create the release');
    await page.getByRole('button', {name: 'Create release'}).click();
    await page.getByRole('heading', {name: `Release 1 of ${APP}`}).waitFor();
    assert.equal(await page.locator('#rel-state').textContent(), 'active');

    log('the dashboard listens to the server\'s event stream');
    await page.locator('#dashboard[data-mode="stream"]').waitFor({timeout: 10000});

    log('devices sync, apply and launch: as many as previewed; the stream updates the dashboard');
    let installed = 0;
    for (const d of devices) {
      await deviceSync(d);
      const st = await deviceStatus(d.state);
      if (st.current && st.current.release_id === '1') {
        installed += 1;
        await deviceLaunch(d.state);
        await deviceSync(d);  // sends the launch report
      }
    }
    assert.equal(installed, previewed);
    // The page is never reloaded here, and it does not poll while the
    // stream is up: the new numbers come because the server said so.
    const applied = page.locator('#dashboard dt:text-is("Devices applied") + dd');
    const deadline = Date.now() + 10000;
    let seen = '';
    while (Date.now() < deadline && seen !== String(previewed)) {
      seen = (await applied.textContent({timeout: 10000})).trim();
      if (seen !== String(previewed)) await page.waitForTimeout(250);
    }
    assert.equal(seen, String(previewed), 'dashboard: devices applied');
    assert.equal(await page.locator('#dashboard').getAttribute('data-mode'), 'stream');
    assert.equal(await page.locator('#dashboard').getAttribute('data-source'), 'stream');
    const rows = await page.locator('#dashboard tbody tr').count();
    assert.ok(rows >= 1, 'dashboard: a per-minute row');
    // The creation is marked on the timeline (from the audit log).
    await page.locator('#dashboard tbody td', {hasText: 'create'}).first().waitFor();

    log('dashboard: coverage of the base build, apply success, crash rates');
    // The devices' last checks: `installed` of the 4 on the base run the patch.
    await page.locator('#dash-coverage',
        {hasText: `${(100 * installed / 4).toFixed(1)}% (${installed} of 4 devices`}).waitFor();
    assert.equal(await page.locator('#dash-apply-success').textContent(),
        `100.0% (${installed} of ${installed})`);
    assert.equal(await page.locator('#dash-crash-patch').textContent(),
        `0.0% (0 of ${installed} devices launched)`);
    assert.match(await page.locator('#dash-crash-base').textContent(), /^(—|\d+\.\d%) \(/);

    log('dashboard ranges change the bucket: 1 d per 15 minutes, 7 d per hour, 1 h per minute');
    for (const [range, bucket, head] of [['1d', '900', '15 minutes from (UTC)'],
      ['7d', '3600', 'hour from (UTC)'], ['1h', '60', 'Minute (UTC)']]) {
      await page.getByLabel('Range').selectOption(range);
      await page.locator(`#dashboard[data-bucket-s="${bucket}"]`).waitFor();
      await page.locator('#dashboard th', {hasText: head}).waitFor();
      const firstCell = await page.locator('#dashboard tbody tr td').first().textContent();
      const minute = Date.parse(firstCell.replace(' ', 'T') + ':00Z') / 60000;
      assert.equal(minute % (Number(bucket) / 60), 0, `${range}: ${firstCell} starts a bucket`);
      const applied = await page.locator('#dashboard tbody tr td:nth-child(5)').allTextContents();
      assert.ok(applied.map(Number).reduce((a, b) => a + b, 0) >= installed,
          `${range}: applied per bucket ${applied}`);
    }
    await checkA11y(page, 'release dashboard');
    await screenshots(page, artifacts, '04-release-dashboard');

    log('devices page: a device the rule leaves out, and why');
    await page.goto(`${server.url}/admin/#/apps/${APP}/devices`);
    await page.getByLabel('Device id').fill('dev-1');
    await page.getByRole('button', {name: 'Look up'}).click();
    const decision = page.locator('#device-decision');
    await decision.waitFor();
    assert.match(await decision.textContent(), /^none \(release 1\): rule_failed .*sdk 28 fails sdk >= 30/);
    await checkA11y(page, 'device');
    await screenshots(page, artifacts, '05-device');
    await page.goto(`${server.url}/admin/#/apps/${APP}/releases/1`);
    await page.getByRole('heading', {name: `Release 1 of ${APP}`}).waitFor();

    log('a missing CSRF token is refused');
    const noCsrf = await page.evaluate(async (app) => (await fetch(
        `/v1/apps/${app}/releases/1/pause`, {method: 'POST', body: '{}'})).status, APP);
    assert.equal(noCsrf, 403);

    log('pause: checks answer none');
    await page.getByLabel('Reason (written to the audit log)').fill('crash spike');
    await page.getByRole('button', {name: 'Pause'}).click();
    await page.locator('#rel-state', {hasText: 'paused'}).waitFor();
    await page.locator('#dashboard tbody td', {hasText: 'pause'}).first().waitFor({timeout: 10000});
    const check = await fetch(`${server.deviceUrl}/v1/apps/${APP}/check`, {
      method: 'POST', headers: {'X-Suture-App-Key': appKey, 'Content-Type': 'application/json'},
      body: JSON.stringify({device_id: 'dev-new', base_fingerprint: sha256File(base),
        os: 'android', sdk: 34, app_version: '1.0.0'}),
    });
    assert.equal((await check.json()).type, 'none');

    log('roll back');
    await page.getByRole('button', {name: 'Roll back'}).click();
    await page.locator('#rel-state', {hasText: 'rolled_back'}).waitFor();

    log('the audit log has the actions');
    await page.goto(`${server.url}/admin/#/apps/${APP}/audit`);
    await page.getByRole('heading', {name: `Audit log: ${APP}`}).waitFor();
    const actions = await page.locator('tbody tr td:nth-child(3)').allTextContents();
    assert.deepEqual(actions, ['rollback', 'pause', 'create', 'publish', 'register_app']);
    assert.ok((await page.locator('tbody').textContent()).includes('state: active → paused'));
    await checkA11y(page, 'audit');
    await screenshots(page, artifacts, '06-audit');

    log('a read-only token sees but cannot act');
    const ro = await (await fetch(`${server.url}/v1/tokens`, {method: 'POST',
      headers: {'Authorization': `Bearer ${server.token}`},
      body: JSON.stringify({role: 'readonly', name: 'viewer'})})).json();
    const viewer = await launchBrowser();
    closers.unshift(viewer.close);
    const roPage = viewer.context.pages()[0] || await viewer.context.newPage();
    await signIn(roPage, server.url, ro.token);
    await roPage.getByRole('link', {name: APP}).waitFor();
    assert.ok(await roPage.getByRole('button', {name: 'Register app'}).isDisabled());
    await roPage.goto(`${server.url}/admin/#/apps/${APP}/releases/1`);
    await roPage.getByRole('heading', {name: `Release 1 of ${APP}`}).waitFor();
    assert.ok(await roPage.getByRole('button', {name: 'Resume'}).isDisabled());
    const roAct = await roPage.evaluate(async (app) => {
      const s = await (await fetch('/admin/api/session')).json();
      return (await fetch(`/v1/apps/${app}/releases/1/resume`, {method: 'POST', body: '{}',
        headers: {'X-CSRF-Token': s.csrf_token}})).status;
    }, APP);
    assert.equal(roAct, 403);
    await checkA11y(roPage, 'read-only release');
    await screenshots(roPage, artifacts, '07-readonly-release');

    log('without the event stream the dashboard falls back to polling every 5 s');
    await roPage.route('**/admin/api/apps/*/stream', (r) => r.abort());
    await roPage.goto(`${server.url}/admin/#/apps/${APP}`);
    await roPage.getByRole('link', {name: 'Release 1', exact: true}).click();
    await roPage.locator('#dashboard[data-mode="polling"]').waitFor({timeout: 10000});
    const baseChecks = roPage.locator('#dashboard dt:text-is("Checks on the base build") + dd');
    const before = Number(await baseChecks.textContent());
    await fetch(`${server.deviceUrl}/v1/apps/${APP}/check`, {
      method: 'POST', headers: {'X-Suture-App-Key': appKey, 'Content-Type': 'application/json'},
      body: JSON.stringify({device_id: 'dev-poll', base_fingerprint: sha256File(base),
        os: 'android', sdk: 34, app_version: '1.0.0'}),
    });
    await roPage.locator('#dashboard[data-source="poll"]').waitFor({timeout: 12000});
    const pollDeadline = Date.now() + 12000;
    while (Date.now() < pollDeadline && Number(await baseChecks.textContent()) <= before) {
      await roPage.waitForTimeout(250);
    }
    assert.ok(Number(await baseChecks.textContent()) > before, 'polled: a new check counted');
    assert.equal(await roPage.locator('#dashboard').getAttribute('data-mode'), 'polling');

    log('a staged ramp written in the form; "Advance ramp step" moves it now');
    await page.goto(`${server.url}/admin/#/apps/${APP}`);
    await page.getByRole('heading', {name: `App ${APP}`}).waitFor();
    await editor.fill('{"percent": 0}');
    for (const [n, pct] of [[1, '10'], [2, '50']]) {
      await page.getByRole('button', {name: 'Add ramp step'}).click();
      await form.locator(`[name="step-${n}-percent"]`).fill(pct);
    }
    await form.locator('[name="step-1-installs"]').fill('1');
    await page.waitForFunction(() => {
      const j = JSON.parse(document.querySelector('textarea[name="spec"]').value);
      return j.ramp && j.ramp.steps.length === 2 && j.ramp.steps[1].percent === 50 &&
        j.ramp.steps[0].gate && j.ramp.steps[0].gate.min_installs === 1;
    });
    await page.locator('#preview-count').waitFor();
    await screenshots(page, artifacts, '08-rule-form-ramp');
    await page.getByRole('button', {name: 'Create release'}).click();
    await page.getByRole('heading', {name: `Release 2 of ${APP}`}).waitFor();
    assert.equal(await page.locator('#rel-percent').textContent(), '10%');
    assert.match(await page.locator('#ramp-note').textContent(), /step 1 of 2 \(10%\); next: 50%/);
    await page.getByRole('button', {name: 'Advance ramp step'}).click();
    await page.locator('#rel-percent', {hasText: '50%'}).waitFor();
    assert.ok(await page.getByRole('button', {name: 'Advance ramp step'}).isDisabled());
    await checkA11y(page, 'release after advance');
    await page.goto(`${server.url}/admin/#/apps/${APP}/audit`);
    await page.getByRole('heading', {name: `Audit log: ${APP}`}).waitFor();
    const latest = await page.locator('tbody tr').first().locator('td').allTextContents();
    assert.equal(latest[2], 'advance');
    assert.match(latest[4], /percent: 10 → 50/);

    log('sign out');
    await page.getByRole('button', {name: 'Sign out'}).click();
    await page.getByRole('heading', {name: 'Sign in'}).waitFor();
    const after = await page.evaluate(async () => (await fetch('/v1/apps')).status);
    assert.equal(after, 401);
    console.log('browser test: PASS');
  } finally {
    for (const c of closers) await c().catch(() => {});
  }
}

main().then(() => rmSync(work, {recursive: true, force: true}), (err) => {
  console.error(`browser test: FAIL at "${step}": ${err.stack || err}`);
  console.error(`browser test: work folder kept: ${work}`);
  process.exitCode = 1;
});
