// The new-release form: the release body in the rule language of
// docs/gray-release.md (rules, allow/deny lists, percent, bucket ranges, ramp
// steps, auto-halt) as a form per condition (rule_form.js) and as JSON, kept
// in step both ways, checked by the server's own parser as you type, with a
// live preview of the devices seen in the last 24 h it would reach.
import {api, canAct, enc} from './api.js';
import {field, h, say, table} from './dom.js';
import {ruleForm} from './rule_form.js';

const kDebounceMs = 300;
const kTemplate = {
  percent: 10,
  rules: [{attr: 'os', op: 'eq', value: 'android'}],
  deny: {devices: []},
};

function previewView(p) {
  const bases = Object.entries(p.by_base).map(([base, n]) => [
    h('code', {title: base}, base.slice(0, 12) + '…'), String(n.seen), String(n.matched)]);
  const samples = p.samples.map((s) => [s.device_id, s.matched ? 'yes' : 'no',
    s.verdict.reason_code, s.verdict.reason]);
  return [
    h('p', {id: 'preview-count', class: 'ok'},
        `Valid. ${p.matched} of ${p.seen} devices seen in the last 24 h would get it` +
        `${p.truncated ? ' (only the most recent devices were looked at)' : ''}.`),
    table('By base build', ['Base build', 'Seen', 'Would get it'], bases),
    table('Sample devices and the engine\'s reason', ['Device', 'Gets it', 'Reason', 'Detail'],
        samples),
  ];
}

export function ruleEditor(app, patches, onCreated) {
  const patchSel = h('select', {name: 'patch_id', required: true},
      patches.map((p) => h('option', {value: p.id}, `Patch ${p.id} → ${p.target_build_id}`)));
  const spec = h('textarea', {name: 'spec', rows: 10, spellcheck: 'false', class: 'code'},
      JSON.stringify(kTemplate, null, 2));
  const out = h('div', {id: 'preview', 'aria-live': 'polite'});
  let timer = null;
  let seq = 0;
  // The form writes the JSON (then the server checks it); the JSON, when it
  // parses, redraws the form.
  const rules = ruleForm((obj) => {
    spec.value = JSON.stringify(obj, null, 2);
    schedule();
  });
  rules.load(kTemplate);

  const body = () => {
    const j = JSON.parse(spec.value);
    if (j === null || typeof j !== 'object' || Array.isArray(j)) {
      throw new Error('the release must be a JSON object');
    }
    return {...j, patch_id: patchSel.value};
  };
  const preview = async () => {
    const mine = ++seq;
    let b;
    try {
      b = body();
    } catch (err) {
      out.replaceChildren(h('p', {class: 'error'}, `Not valid JSON: ${err.message}`));
      spec.setAttribute('aria-invalid', 'true');
      return;
    }
    try {
      const p = await api('POST', `/v1/apps/${enc(app)}/release-preview`, b);
      if (mine !== seq) return;  // a newer keystroke won
      spec.removeAttribute('aria-invalid');
      out.replaceChildren(...previewView(p));
    } catch (err) {
      if (mine !== seq) return;
      spec.setAttribute('aria-invalid', 'true');
      out.replaceChildren(h('p', {class: 'error'}, `Not valid: ${err.message}`));
    }
  };
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(preview, kDebounceMs);
  };
  spec.addEventListener('input', () => {
    try {
      const j = JSON.parse(spec.value);
      if (j !== null && typeof j === 'object' && !Array.isArray(j)) rules.load(j);
    } catch {
      // Not JSON yet: the form keeps the last good state; the preview says why.
    }
    schedule();
  });
  patchSel.addEventListener('change', schedule);

  const form = h('form', {class: 'card wide', onsubmit: async (e) => {
    e.preventDefault();
    let b;
    try {
      b = body();
    } catch (err) {
      return say(`Release: ${err.message}`, true);
    }
    if (!confirm(`Create a release of patch ${b.patch_id}?`)) return;
    try {
      const r = await api('POST', `/v1/apps/${enc(app)}/releases`, b);
      say(`Created release ${r.id}.`);
      onCreated(r);
    } catch (err) {
      say(`Create refused: ${err.message}`, true);
    }
  }},
  h('h2', {}, 'New release'),
  field('Patch', patchSel),
  h('details', {class: 'form-details', open: true},
      h('summary', {}, 'Rules as a form (kept in step with the JSON below)'), rules.el),
  field('Release (JSON)', spec,
      'percent, rules, allow, deny, buckets, ramp, auto_halt, priority, salt — see ' +
      'docs/gray-release.md. Checked by the server as you type.'),
  h('h3', {}, 'Preview'),
  out,
  h('button', {type: 'submit', disabled: !canAct() || patches.length === 0}, 'Create release'));
  if (patches.length) schedule();
  return form;
}
