// Devices: search by id; what the device would get now and the engine's
// reason, overall and for each release of the app.
import {api, enc} from './api.js';
import {field, h, show, table, when} from './dom.js';

function contextRows(d) {
  return Object.entries(d)
      .filter(([, v]) => v !== '' && v !== null && !(typeof v === 'object' &&
        Object.keys(v).length === 0))
      .map(([k, v]) => [k, typeof v === 'object' ? JSON.stringify(v) : String(v)]);
}

export async function devicesPage(app, deviceId) {
  const input = h('input', {name: 'device', autocomplete: 'off', required: true,
    value: deviceId || ''});
  const form = h('form', {class: 'inline', role: 'search', onsubmit: (e) => {
    e.preventDefault();
    location.hash = `#/apps/${enc(app)}/devices/${enc(input.value)}`;
  }}, field('Device id', input), h('button', {type: 'submit'}, 'Look up'));
  const back = h('p', {}, h('a', {href: `#/apps/${enc(app)}`}, `Back to ${app}`));
  if (!deviceId) return show(`Devices: ${app}`, back, form);
  let e;
  try {
    e = await api('GET', `/v1/apps/${enc(app)}/devices/${enc(deviceId)}`);
  } catch (err) {
    if (err.status !== 404) throw err;
    return show(`Devices: ${app}`, back, form, h('p', {role: 'alert', class: 'error'},
        err.message));
  }
  const n = e.now;
  show(`Device ${deviceId}`, back, form,
      h('section', {'aria-labelledby': 'now-h'},
          h('h2', {id: 'now-h'}, 'What it would get now'),
          h('p', {id: 'device-decision'},
              `${n.decision}${n.release_id ? ` (release ${n.release_id})` : ''}: ` +
              `${n.reason_code}${n.reason ? ` — ${n.reason}` : ''}`)),
      table('Each release on its own', ['Release', 'Decision', 'Reason', 'Detail'],
          e.releases.map((v) => [
            h('a', {href: `#/apps/${enc(app)}/releases/${enc(v.release_id)}`},
                `Release ${v.release_id}`), v.decision, v.reason_code, v.reason])),
      table(`Its last check (${when(e.seen_at)})`, ['Attribute', 'Value'],
          contextRows(e.device)));
}
