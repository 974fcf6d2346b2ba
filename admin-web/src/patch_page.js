// One patch: what its stored bundle holds, entry by entry (operation, the
// engine that made the entry's delta, old and new sizes, stored patch bytes),
// read by the server from the bundle with the bundle library.
import {api, enc} from './api.js';
import {h, show, table, when} from './dom.js';

function bytes(n) {
  if (n === null || n === undefined) return '—';
  return `${Number(n).toLocaleString('en-US')} B`;
}

export async function patchPage(app, id) {
  const p = await api('GET', `/v1/apps/${enc(app)}/patches/${enc(id)}`);
  const b = p.bundle;
  const item = (k, v, vid) => [h('dt', {}, k), h('dd', {id: vid || null}, v)];
  const rows = b.entries.map((e) => [
    e.path || e.old_path || '(the file)', e.op, e.method, bytes(e.old_size), bytes(e.new_size),
    bytes(e.patch_bytes), e.note || '',
  ]);
  show(`Patch ${p.id} of ${app}`,
      h('p', {}, h('a', {href: `#/apps/${enc(app)}`}, `Back to ${app}`)),
      h('dl', {class: 'totals', 'aria-label': 'Patch'},
          item('Target build', p.target_build_id),
          item('Version', String(p.patch_version)),
          item('Base build', h('code', {}, p.base_fingerprint)),
          item('Container', b.kind),
          item('Bundle format', `v${b.format_version}`),
          item('Signature', b.signature_valid ?
            `valid (release key ${b.signer_key_id.slice(0, 16)}…)` : 'NOT valid', 'patch-sig'),
          item('Bundle size', bytes(p.size), 'patch-size'),
          item('Payload', `${bytes(b.payload_bytes)} in ${b.streams} streams`),
          item('Base size', bytes(p.base_size)),
          item('Target size', bytes(p.target_size)),
          item('Published', when(p.created_at)),
          item('File', h('a', {href: `/v1/blobs/${p.blob_sha256}`}, 'download'))),
      table(`Entries (${b.entries.length})`,
          ['Entry', 'Operation', 'Engine', 'Old size', 'New size', 'Patch bytes', 'Note'], rows));
}
