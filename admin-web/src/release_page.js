// One release: its state, rules and actions (each confirmed), and the live
// rollout dashboard (the aggregates API, read when the server's event stream
// says the numbers changed, or every 5 s without the stream): totals with the
// base build's patch coverage, apply success and crash rates, a chart and a
// table per bucket (a minute for 1 h, 15 minutes for 1 d, an hour for 7 d).
import {api, canAct, enc} from './api.js';
import {lineChart} from './chart.js';
import {field, h, say, show, table, when} from './dom.js';

const kPollMs = 5000;
// Each range with its bucket: per minute for an hour, coarser for longer
// ones (the server sums the minutes: ?bucket_s).
const kRanges = {
  '1h': {minutes: 60, bucketS: 60, unit: 'minute'},
  '1d': {minutes: 1440, bucketS: 900, unit: '15 minutes'},
  '7d': {minutes: 10080, bucketS: 3600, unit: 'hour'},
};
const kColumns = ['checked', 'eligible', 'downloaded', 'applied', 'apply_failed',
  'first_launch_ok', 'crash_at_launch', 'rolled_back', 'rollback_directed'];

function actionButtons(app, rel, refresh) {
  const base = `/v1/apps/${enc(app)}/releases/${enc(rel.id)}`;
  const reason = h('input', {name: 'reason', autocomplete: 'off'});
  const percent = h('input', {type: 'number', name: 'percent', min: 0, max: 100, step: 'any',
    value: rel.percent});
  const disabled = !canAct();
  const act = async (what, body, question) => {
    if (!confirm(question)) return;
    try {
      await api('POST', `${base}/${what}`, body);
      say(`Release ${rel.id}: ${what} done.`);
      await refresh();
    } catch (err) {
      say(`${what} refused: ${err.message}`, true);
    }
  };
  const button = (label, what, question, extra = {}) => h('button', {type: 'button', disabled,
    onclick: () => act(what, {reason: reason.value, ...extra}, question)}, label);
  // A staged ramp: where it is, and the next step an admin may move it to now.
  const steps = ((rel.spec || {}).ramp || {}).steps || [];
  const at = ((rel.spec || {}).ramp || {}).current_step || 0;
  const next = steps[at + 1];
  const rampNote = steps.length ?
    `Ramp: step ${at + 1} of ${steps.length} (${steps[at].percent}%)` +
      (next ? `; next: ${next.percent}%.` : ', the last.') :
    'No staged ramp: the percentage is set by hand.';
  const advance = h('button', {type: 'button', disabled: disabled || !next || rel.state !== 'active',
    'aria-describedby': 'ramp-note',
    onclick: () => act('advance', {reason: reason.value},
        `Advance release ${rel.id} to ramp step ${at + 2} of ${steps.length} ` +
        `(${next.percent}% of devices) now, without waiting for the step's time or gate?`)},
  'Advance ramp step');
  return h('section', {class: 'card', 'aria-labelledby': 'actions-h'},
      h('h2', {id: 'actions-h'}, 'Actions'),
      disabled ? h('p', {class: 'note'}, 'Your token is read-only: actions are disabled.') : null,
      field('Reason (written to the audit log)', reason),
      h('p', {id: 'ramp-note'}, rampNote),
      h('div', {class: 'buttons'},
          button('Pause', 'pause', `Pause release ${rel.id}? Devices will be offered nothing.`),
          button('Resume', 'resume', `Resume release ${rel.id}?`),
          advance,
          button('Roll back', 'rollback',
              `Roll back release ${rel.id}? Devices that applied it are told to remove it.`)),
      h('form', {class: 'inline', onsubmit: (e) => {
        e.preventDefault();
        act('ramp', {percent: Number(percent.value)},
            `Set release ${rel.id} to ${percent.value}% of devices?`);
      }}, field('Percentage', percent),
      h('button', {type: 'submit', disabled}, 'Set percentage')));
}

// Per bucket, newest first; the buckets in which someone (or the server's
// tick) acted on the release (the audit log) are marked with what they did,
// from `since` (the first bucket of the range shown) on: an action in a
// bucket without numbers (a release created a minute before its first
// device) gets a row of its own.
function dashboardTable(data, actions, r, since) {
  const per = r.bucketS / 60;
  const byMinute = new Map();
  const row = (m) => {
    if (!byMinute.has(m)) byMinute.set(m, {actions: []});
    return byMinute.get(m);
  };
  for (const c of data.series) {
    const r = row(c.minute);
    r[c.metric] = (r[c.metric] || 0) + (c.devices ?? c.events);
  }
  for (const a of actions) {
    const m = Math.floor(a.at / 60 / per) * per;
    if (m >= since) row(m).actions.push(a.action);
  }
  const minutes = [...byMinute.keys()].sort((a, b) => b - a);
  const rows = minutes.map((m) => [when(m * 60).slice(0, 16),
    ...kColumns.map((k) => String(byMinute.get(m)[k] || 0)),
    byMinute.get(m).actions.join(', ')]);
  return table(`Devices per ${r.unit}, newest first`,
      [per === 1 ? 'Minute (UTC)' : `${r.unit} from (UTC)`, ...kColumns, 'Actions'], rows);
}

// Devices per bucket of the metrics that tell a rollout's health.
function chartOf(data, r) {
  const series = {eligible: [], applied: [], apply_failed: [], crash_at_launch: []};
  const byMinute = new Map();
  for (const c of data.series) {
    if (!(c.metric in series)) continue;
    const key = `${c.metric}|${c.minute}`;
    byMinute.set(key, (byMinute.get(key) || 0) + (c.devices ?? c.events));
  }
  const minutes = [...new Set(data.series.map((c) => c.minute))].sort((a, b) => a - b);
  for (const name of Object.keys(series)) {
    series[name] = minutes.map((m) => [m, byMinute.get(`${name}|${m}`) || 0]);
  }
  return lineChart(`Devices per ${r.unit}: eligible, applied, failed, crashed`, series,
      `${r.unit} (UTC)`);
}

function rate(part, whole) {
  return whole ? `${(100 * part / whole).toFixed(1)}%` : '—';
}

// `data`: the release's aggregates; `base`: the unpatched arm on its base
// build (checks are counted there, and its crash rate is the comparison).
function totals(data, base) {
  const t = data.totals || {};
  const d = data.distinct_devices || {};
  const bd = (base && base.distinct_devices) || {};
  const bt = (base && base.totals) || {};
  const tried = (d.applied || 0) + (d.apply_failed || 0);
  const cov = data.coverage || {seen: 0, on_patch: 0};
  const item = (k, v, id) => [h('dt', {}, k), h('dd', {id: id || null}, String(v))];
  return h('dl', {class: 'totals', 'aria-label': 'Totals'},
      item('Patch coverage of the base build',
          `${rate(cov.on_patch, cov.seen)} (${cov.on_patch} of ${cov.seen} devices seen in 24 h` +
          `${cov.truncated ? ', most recent only' : ''})`, 'dash-coverage'),
      item('Checks on the base build', bt.checked || 0), item('Eligible', t.eligible || 0),
      item('Devices downloaded', d.downloaded || 0), item('Devices applied', d.applied || 0),
      item('Devices rolled back', d.rolled_back || 0),
      item('Apply success', `${rate(d.applied || 0, tried)} (${d.applied || 0} of ${tried})`,
          'dash-apply-success'),
      item('Crash rate on patch',
          `${rate(d.crash_at_launch || 0, d.sessions || 0)} ` +
          `(${d.crash_at_launch || 0} of ${d.sessions || 0} devices launched)`, 'dash-crash-patch'),
      item('Crash rate on base (unpatched)',
          `${rate(bd.crash_at_launch || 0, bd.sessions || 0)} ` +
          `(${bd.crash_at_launch || 0} of ${bd.sessions || 0})`, 'dash-crash-base'),
      item('Failed by code', JSON.stringify(data.apply_failed_by_code || {})));
}

export async function releasePage(app, id) {
  let timer = null;
  let baseBuild = '';
  let range = '1h';
  const live = h('div', {id: 'dashboard', 'aria-live': 'off'});
  const updated = h('p', {class: 'hint', id: 'dash-updated'});
  const modeNote = h('p', {class: 'hint', id: 'dash-mode'});
  const poll = async (source = 'poll') => {
    try {
      const r = kRanges[range];
      const per = r.bucketS / 60;
      const since = Math.floor((Math.floor(Date.now() / 60000) - r.minutes) / per) * per;
      const q = `/v1/apps/${enc(app)}/aggregates?since_minute=${since}&bucket_s=${r.bucketS}`;
      const [data, base, audit] = await Promise.all([
        api('GET', `${q}&release=${enc(id)}`),
        baseBuild ? api('GET', `${q}&base=${enc(baseBuild)}`) : Promise.resolve(null),
        api('GET', `/v1/audit?app=${enc(app)}&limit=500`),
      ]);
      const actions = audit.entries.filter((e) => String(e.release_id) === String(id));
      live.replaceChildren(totals(data, base), chartOf(data, r),
          dashboardTable(data, actions, r, since));
      live.dataset.bucketS = String(data.resolution_s);
      live.dataset.source = source;  // what asked for this refresh: load | stream | poll | range
      updated.textContent = `Updated ${new Date().toISOString().slice(11, 19)} UTC`;
    } catch (err) {
      updated.textContent = `Dashboard: ${err.message}`;
    }
  };
  const rangeSel = h('select', {name: 'range', onchange: () => {
    range = rangeSel.value;
    poll('range');
  }}, Object.keys(kRanges).map((k) => h('option', {value: k}, k)));

  const render = async () => {
    const rel = await api('GET', `/v1/apps/${enc(app)}/releases/${enc(id)}`);
    const spec = rel.spec || {};
    baseBuild = (spec.base_builds || [])[0] || '';
    show(`Release ${rel.id} of ${app}`,
        h('p', {}, h('a', {href: `#/apps/${enc(app)}`}, `Back to ${app}`)),
        h('dl', {class: 'totals', 'aria-label': 'Release'},
            h('dt', {}, 'State'), h('dd', {id: 'rel-state'}, rel.state),
            h('dt', {}, 'Percent'), h('dd', {id: 'rel-percent'}, `${rel.percent}%`),
            h('dt', {}, 'Patch'), h('dd', {}, rel.patch_id),
            h('dt', {}, 'Reason'), h('dd', {}, rel.state_reason || '—')),
        h('details', {}, h('summary', {}, 'Rules, lists, ramp and auto-halt (JSON)'),
            h('pre', {}, JSON.stringify({rules: spec.rules, allow: spec.allow, deny: spec.deny,
              ramp: spec.ramp, auto_halt: spec.auto_halt}, null, 2))),
        actionButtons(app, rel, render),
        h('section', {'aria-labelledby': 'dash-h'},
            h('h2', {id: 'dash-h'}, 'Live rollout'),
            field('Range', rangeSel), modeNote, updated, live));
    await poll('load');
  };
  await render();

  // Live: the server's event stream says when the app's numbers change, and
  // the dashboard reads them then (one read at a time; a change during a
  // read asks for one more). Without the stream (refused, dropped, or no
  // EventSource) it polls every 5 s, until the browser's own reconnect
  // brings the stream back.
  let reading = null;
  let again = false;
  const fromStream = async () => {
    if (reading) {
      again = true;
      return;
    }
    reading = poll('stream');
    await reading;
    reading = null;
    if (again) {
      again = false;
      fromStream();
    }
  };
  const setMode = (mode) => {
    live.dataset.mode = mode;
    modeNote.textContent = mode === 'stream' ?
      'Live: the server pushes each change (server-sent events).' :
      'Polling every 5 s (the live stream is not available).';
    if (mode === 'stream') {
      clearInterval(timer);
      timer = null;
    } else if (!timer) {
      timer = setInterval(() => poll('poll'), kPollMs);
    }
  };
  setMode('polling');
  let stream = null;
  if (typeof EventSource === 'function') {
    stream = new EventSource(`/admin/api/apps/${enc(app)}/stream`);
    stream.addEventListener('open', () => {
      setMode('stream');
      fromStream();  // what changed while it was connecting
    });
    stream.addEventListener('update', fromStream);
    stream.addEventListener('error', () => setMode('polling'));
  }
  return () => {
    clearInterval(timer);
    if (stream) stream.close();
  };
}
