// Pages: apps (list, register), one app (patches, releases, new release),
// the app's audit log.
import {api, canAct, enc} from './api.js';
import {field, h, say, show, table, when} from './dom.js';
import {ruleEditor} from './rule_editor.js';

function readOnlyNote() {
  return canAct() ? null :
    h('p', {class: 'note'}, 'Your token is read-only: you can see everything, change nothing.');
}

export async function appsPage() {
  const {apps} = await api('GET', '/v1/apps');
  const rows = apps.map((a) => [
    h('a', {href: `#/apps/${enc(a.app_id)}`}, a.app_id),
    h('code', {}, a.release_key_id.slice(0, 16) + '…'),
    h('code', {class: 'secret'}, a.app_key),
    when(a.created_at),
  ]);
  const appId = h('input', {name: 'app_id', required: true, autocomplete: 'off',
    pattern: '[A-Za-z0-9._\\-]{1,128}'});
  const pem = h('textarea', {name: 'release_public_key', rows: 4, required: true});
  const form = h('form', {class: 'card', onsubmit: async (e) => {
    e.preventDefault();
    try {
      const r = await api('POST', '/v1/apps', {app_id: appId.value, release_public_key: pem.value});
      say(`Registered ${r.app_id}. Device app key: ${r.app_key}`);
      await appsPage();
    } catch (err) {
      say(`Register refused: ${err.message}`, true);
    }
  }},
  h('h2', {}, 'Register an app'),
  field('App id', appId, 'e.g. com.example.app'),
  field('Release public key (PEM)', pem, 'The Ed25519 key that signs this app\'s patches.'),
  h('button', {type: 'submit', disabled: !canAct()}, 'Register app'));
  show('Apps', readOnlyNote(),
      table('Registered apps', ['App', 'Release key id', 'Device app key', 'Registered'], rows),
      form);
}

export async function appPage(app) {
  const [{patches}, {releases}] = await Promise.all([
    api('GET', `/v1/apps/${enc(app)}/patches`),
    api('GET', `/v1/apps/${enc(app)}/releases`),
  ]);
  const patchRows = patches.map((p) => [
    h('a', {href: `#/apps/${enc(app)}/patches/${enc(p.id)}`}, `Patch ${p.id}`),
    h('code', {title: p.base_fingerprint}, p.base_fingerprint.slice(0, 12) + '…'),
    p.target_build_id, String(p.patch_version), `${p.size} B`, `${p.target_size} B`,
    'verified at publish', h('a', {href: `/v1/blobs/${p.blob_sha256}`,
      'aria-label': `Download patch ${p.id}`}, 'download'),
  ]);
  const relRows = releases.map((r) => [
    h('a', {href: `#/apps/${enc(app)}/releases/${enc(r.id)}`}, `Release ${r.id}`),
    r.patch_id, h('span', {class: `state state-${r.state}`}, r.state), `${r.percent}%`,
    r.state_reason || '', when(r.updated_at),
  ]);
  const form = ruleEditor(app, patches, (r) => {
    location.hash = `#/apps/${enc(app)}/releases/${enc(r.id)}`;
  });
  show(`App ${app}`, readOnlyNote(),
      h('ul', {class: 'links'},
          h('li', {}, h('a', {href: `#/apps/${enc(app)}/audit`}, 'Audit log of this app')),
          h('li', {}, h('a', {href: `#/apps/${enc(app)}/devices`}, 'Devices'))),
      table('Patches', ['Patch (entries)', 'Base build', 'Target', 'Version', 'Patch size', 'Target size',
        'Signature', 'File'], patchRows),
      table('Releases', ['Release', 'Patch', 'State', 'Percent', 'Reason', 'Updated'], relRows),
      form);
}

function changeSummary(e) {
  const b = e.before || {};
  const a = e.after || {};
  const parts = [];
  for (const k of ['state', 'percent', 'state_reason']) {
    if (JSON.stringify(b[k]) !== JSON.stringify(a[k])) {
      parts.push(`${k}: ${b[k] === undefined ? '—' : b[k]} → ${a[k] === undefined ? '—' : a[k]}`);
    }
  }
  return parts.join('; ');
}

// Who made a change: a token, or the server itself (token 0: ramp steps and
// auto-halt decisions made by its tick).
function who(w) {
  if (w.token_id === 0) return `server (${w.via})`;
  return `${w.name || 'token'} #${w.token_id} (${w.via})`;
}

export async function auditPage(app) {
  const {entries} = await api('GET', `/v1/audit?app=${enc(app)}&limit=200`);
  const rows = entries.map((e) => [
    when(e.at), who(e.who), e.action,
    e.release_id ? `release ${e.release_id}` : 'app', changeSummary(e),
    h('details', {}, h('summary', {}, 'before/after'),
        h('pre', {}, JSON.stringify({before: e.before, after: e.after}, null, 2))),
  ]);
  show(`Audit log: ${app}`,
      h('p', {}, h('a', {href: `#/apps/${enc(app)}`}, `Back to ${app}`)),
      table('Actions, newest first', ['When', 'Who', 'Action', 'On', 'Change', 'Detail'], rows));
}
