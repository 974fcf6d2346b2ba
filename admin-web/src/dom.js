// Element building without innerHTML: every text goes in as text, so nothing
// the server returns can become markup.

// h('a', {href: '#/x', class: 'btn'}, 'text', child, ...): attributes whose
// name starts with "on" are event listeners; null/false children are skipped.
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) {
      el.addEventListener(k.slice(2), v);
    } else if (v === true) {
      el.setAttribute(k, '');
    } else {
      el.setAttribute(k, String(v));
    }
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

// A table with a caption; rows are arrays of cells (strings or nodes).
export function table(caption, headers, rows) {
  // A wide table scrolls sideways on a phone: the region takes focus so the
  // keyboard can scroll it, and is named by its caption.
  return h('div', {class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': caption},
      h('table', {},
          h('caption', {}, caption),
          h('thead', {}, h('tr', {}, headers.map((t) => h('th', {scope: 'col'}, t)))),
          h('tbody', {}, rows.length ?
            rows.map((r) => h('tr', {}, r.map((c) => h('td', {}, c)))) :
            h('tr', {}, h('td', {colspan: headers.length}, 'None yet.')))));
}

// A labelled form field.
export function field(label, input, hint) {
  const id = input.id || `f-${Math.random().toString(36).slice(2, 9)}`;
  input.id = id;
  const hintEl = hint ? h('span', {class: 'hint', id: `${id}-hint`}, hint) : null;
  if (hintEl) input.setAttribute('aria-describedby', hintEl.id);
  return h('div', {class: 'field'}, h('label', {for: id}, label), input, hintEl);
}

export function when(seconds) {
  if (!seconds) return '';
  return new Date(seconds * 1000).toISOString().replace('T', ' ').slice(0, 19) + ' UTC';
}

// Shows a message in the live region (role=status), or an error (role=alert).
export function say(text, isError = false) {
  const s = document.getElementById('status');
  s.replaceChildren(h('p', {class: isError ? 'error' : 'ok', role: isError ? 'alert' : null},
      text));
}

// Replaces the page's content, moves focus to it, sets the title.
export function show(title, ...content) {
  document.title = `${title} · Suture console`;
  const main = document.getElementById('main');
  main.replaceChildren(h('h1', {}, title),
      ...content.filter((c) => c !== null && c !== undefined && c !== false));
  main.focus();
}
