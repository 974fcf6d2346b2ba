// The rule editor's form: one row per condition (field, operator, value),
// allow and deny lists, percentage, bucket range, ramp steps and the
// auto-halt policy, kept in step with the release JSON both ways. The JSON
// stays the source of truth: the form reads it after every edit of the JSON
// box and writes it back after every edit of the form (keys the form does
// not know, and conditions it cannot show as one row, pass through as they
// are); the server's parser checks the result as you type.
import {field, h} from './dom.js';

const kAttrs = ['os', 'os_version', 'sdk', 'app_version', 'brand', 'model', 'abi', 'channel',
  'region', 'locale', 'network', 'device_id', 'user_id', 'ip', 'custom.'];
const kOps = ['eq', 'ne', 'in', 'not_in', 'prefix', 'suffix', 'contains', 'lt', 'le', 'gt',
  'ge', 'semver', 'regex', 'cidr', 'exists'];
const kListOps = new Set(['in', 'not_in', 'cidr']);
const kNumberOps = new Set(['lt', 'le', 'gt', 'ge']);
const kHalt = [
  ['max_apply_failure_rate', 'Halt above this apply failure rate (0–1)'],
  ['min_attempts', 'Apply attempts needed first'],
  ['z_critical', 'Crash test: z critical'],
  ['absolute_margin', 'Crash test: absolute margin'],
  ['relative_margin', 'Crash test: relative margin'],
  ['min_devices', 'Crash test: patched devices needed first'],
  ['min_crashes', 'Crash test: crashes needed first'],
];
const isNumeric = (t) => /^-?\d+(\.\d+)?$/.test(t.trim());

// A leaf the form can show as one row: {attr, op, value?} and nothing else.
function isRow(c) {
  return c && typeof c === 'object' && !Array.isArray(c) && typeof c.attr === 'string' &&
    kOps.includes(c.op) && Object.keys(c).every((k) => ['attr', 'op', 'value'].includes(k));
}

function valueText(v) {
  if (v === undefined) return '';
  if (Array.isArray(v)) return v.join(', ');
  return String(v);
}

// The JSON value of a row's text: lists for in/not_in/cidr, numbers for
// lt/le/gt/ge and for numeric text on sdk or where the JSON had a number.
function valueOf(attr, op, text, wasNumber) {
  if (op === 'exists') return undefined;
  const num = (t) => (isNumeric(t) && (kNumberOps.has(op) || attr === 'sdk' || wasNumber) ?
    Number(t) : t);
  if (kListOps.has(op)) {
    const items = text.split(',').map((t) => t.trim()).filter((t) => t !== '');
    if (op !== 'cidr' && items.length && items.every(isNumeric) &&
        (attr === 'sdk' || wasNumber)) {
      return items.map(Number);
    }
    return items;
  }
  if (kNumberOps.has(op)) return isNumeric(text) ? Number(text) : text;
  return num(text.trim());
}

const listText = (l) => (l || []).join(', ');
const listOf = (t) => t.split(/[,\n]/).map((s) => s.trim()).filter((s) => s !== '');

// The form; onChange(spec) after every edit of it, with the whole release
// object. Returns {el, load(spec)}: load re-renders it from a release object.
export function ruleForm(onChange) {
  const el = h('div', {class: 'rule-form', id: 'rule-form'});
  let spec = {};
  let rowsBox = null;
  let stepsBox = null;

  const emit = () => onChange(spec);
  const set = (key, value) => {
    if (value === undefined) {
      delete spec[key];
    } else {
      spec[key] = value;
    }
    emit();
  };
  const num = (attrs, value, onInput) => h('input', {type: 'number', step: 'any',
    value: value === undefined ? '' : value, ...attrs, oninput: (e) => onInput(e.target.value)});

  function conditionRows() {
    const rules = Array.isArray(spec.rules) ? spec.rules : [];
    const box = h('div', {class: 'rows'});
    rules.forEach((c, i) => {
      const n = i + 1;
      if (!isRow(c)) {
        box.append(h('fieldset', {class: 'row'}, h('legend', {}, `Condition ${n}`),
            h('p', {class: 'note'}, 'A group or an option the form does not show: edit it in ' +
              'the JSON.'), h('code', {}, JSON.stringify(c)),
            h('button', {type: 'button', class: 'secondary',
              onclick: () => removeRule(i)}, `Remove condition ${n}`)));
        return;
      }
      const wasNumber = typeof c.value === 'number' ||
        (Array.isArray(c.value) && c.value.length > 0 && typeof c.value[0] === 'number');
      const attr = h('input', {name: `rule-${n}-attr`, value: c.attr, list: 'rule-attrs',
        autocomplete: 'off', spellcheck: 'false'});
      const op = h('select', {name: `rule-${n}-op`},
          kOps.map((o) => h('option', {value: o, selected: o === c.op}, o)));
      const value = h('input', {name: `rule-${n}-value`, value: valueText(c.value),
        autocomplete: 'off', spellcheck: 'false', disabled: c.op === 'exists'});
      const update = () => {
        const next = {attr: attr.value.trim(), op: op.value};
        const v = valueOf(next.attr, next.op, value.value, wasNumber);
        if (v !== undefined) next.value = v;
        value.disabled = next.op === 'exists';
        spec.rules[i] = next;
        emit();
      };
      attr.addEventListener('input', update);
      op.addEventListener('change', update);
      value.addEventListener('input', update);
      box.append(h('fieldset', {class: 'row'}, h('legend', {}, `Condition ${n}`),
          field('Field', attr), field('Operator', op),
          field('Value', value, 'Lists (in, not_in, cidr): separate with commas.'),
          h('button', {type: 'button', class: 'secondary', onclick: () => removeRule(i)},
              `Remove condition ${n}`)));
    });
    return box;
  }
  function removeRule(i) {
    spec.rules.splice(i, 1);
    if (!spec.rules.length) delete spec.rules;
    emit();
    render();
    el.querySelector('#add-condition').focus();
  }

  function stepRows() {
    const steps = (spec.ramp && Array.isArray(spec.ramp.steps)) ? spec.ramp.steps : [];
    const box = h('div', {class: 'rows'});
    steps.forEach((s, i) => {
      const n = i + 1;
      const put = (key, text, inGate = false) => {
        const step = {...spec.ramp.steps[i]};
        const v = text === '' ? undefined : Number(text);
        if (inGate) {
          const gate = {...(step.gate || {})};
          if (v === undefined) delete gate[key]; else gate[key] = v;
          if (Object.keys(gate).length) step.gate = gate; else delete step.gate;
        } else if (v === undefined) {
          delete step[key];
        } else {
          step[key] = v;
        }
        spec.ramp.steps[i] = step;
        emit();
      };
      const gate = s.gate || {};
      box.append(h('fieldset', {class: 'row'}, h('legend', {}, `Ramp step ${n}`),
          field('Percent of devices', num({name: `step-${n}-percent`, min: 0, max: 100},
              s.percent, (t) => put('percent', t))),
          field('Stay at least (seconds)', num({name: `step-${n}-duration`, min: 0},
              s.min_duration_s, (t) => put('min_duration_s', t))),
          field('Gate: installs needed', num({name: `step-${n}-installs`, min: 0},
              gate.min_installs, (t) => put('min_installs', t, true))),
          field('Gate: failure rate below (0–1)', num({name: `step-${n}-failure`, min: 0, max: 1},
              gate.max_failure_rate, (t) => put('max_failure_rate', t, true))),
          h('button', {type: 'button', class: 'secondary', onclick: () => {
            spec.ramp.steps.splice(i, 1);
            if (!spec.ramp.steps.length) delete spec.ramp;
            emit();
            render();
            el.querySelector('#add-step').focus();
          }}, `Remove ramp step ${n}`)));
    });
    return box;
  }

  function render() {
    rowsBox = conditionRows();
    stepsBox = stepRows();
    const list = (which, key) => {
      const cur = spec[which] || {};
      const area = h('textarea', {name: `${which}-${key}`, rows: 2, spellcheck: 'false'},
          listText(cur[key]));
      area.addEventListener('input', () => {
        const next = {...(spec[which] || {})};
        const items = listOf(area.value);
        if (items.length) next[key] = items; else delete next[key];
        set(which, Object.keys(next).length ? next : undefined);
      });
      return area;
    };
    const range = Array.isArray(spec.bucket_range) ? spec.bucket_range : ['', ''];
    const rangeIn = (idx, label) => field(label, num({name: `bucket-${idx}`, min: 0, max: 10000,
      step: 1}, range[idx], () => {
      const b = el.querySelector('[name="bucket-0"]').value;
      const e = el.querySelector('[name="bucket-1"]').value;
      set('bucket_range', b === '' && e === '' ? undefined : [Number(b || 0), Number(e || 10000)]);
    }));
    const halt = spec.auto_halt || {};
    const haltOn = h('input', {type: 'checkbox', name: 'auto-halt', id: 'auto-halt-on',
      checked: !!halt.enabled,
      onchange: (e) => set('auto_halt', {...(spec.auto_halt || {}), enabled: e.target.checked})});
    el.replaceChildren(
        h('datalist', {id: 'rule-attrs'}, kAttrs.map((a) => h('option', {value: a}))),
        h('h3', {}, 'Conditions (all must match)'),
        rowsBox,
        h('button', {type: 'button', id: 'add-condition', onclick: () => {
          spec.rules = [...(Array.isArray(spec.rules) ? spec.rules : []),
            {attr: 'os', op: 'eq', value: 'android'}];
          emit();
          render();
          const n = spec.rules.length;
          el.querySelector(`[name="rule-${n}-attr"]`).focus();
        }}, 'Add condition'),
        h('h3', {}, 'Who'),
        h('div', {class: 'grid'},
            field('Percent of devices', num({name: 'percent', min: 0, max: 100}, spec.percent,
                (t) => set('percent', t === '' ? undefined : Number(t))),
            'Used when there are no ramp steps.'),
            rangeIn(0, 'Bucket range from (0–10000)'), rangeIn(1, 'Bucket range to (0–10000)')),
        h('div', {class: 'grid'},
            field('Allow devices (always get it)', list('allow', 'devices'),
                'Device ids, separated by commas or lines.'),
            field('Allow users', list('allow', 'users')),
            field('Deny devices (never get it)', list('deny', 'devices')),
            field('Deny users', list('deny', 'users'))),
        h('h3', {}, 'Ramp steps'),
        stepsBox,
        h('button', {type: 'button', id: 'add-step', onclick: () => {
          const steps = (spec.ramp && Array.isArray(spec.ramp.steps)) ? spec.ramp.steps : [];
          const last = steps.length ? steps[steps.length - 1].percent || 0 : 0;
          spec.ramp = {...(spec.ramp || {}),
            steps: [...steps, {percent: Math.min(100, Math.max(1, last * 2 || 1)),
              min_duration_s: 3600}]};
          emit();
          render();
          el.querySelector(`[name="step-${spec.ramp.steps.length}-percent"]`).focus();
        }}, 'Add ramp step'),
        h('h3', {}, 'Auto-halt'),
        h('div', {class: 'field check'}, haltOn,
            h('label', {for: 'auto-halt-on'}, 'Halt automatically on apply ' +
              'failures or crashes')),
        h('div', {class: 'grid'}, kHalt.map(([key, label]) => field(label,
            num({name: `halt-${key}`, min: 0}, halt[key], (t) => {
              const next = {...(spec.auto_halt || {})};
              if (t === '') delete next[key]; else next[key] = Number(t);
              set('auto_halt', Object.keys(next).length ? next : undefined);
            })))));
  }

  return {
    el,
    load(next) {
      spec = JSON.parse(JSON.stringify(next));
      render();
    },
  };
}
