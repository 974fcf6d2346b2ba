// The console's entry: session, sign-in/out, navigation (hash routes).
import {api, ApiError, session, setSession} from './api.js';
import {field, h, say, show} from './dom.js';
import {appPage, appsPage, auditPage} from './pages.js';
import {devicesPage} from './devices_page.js';
import {patchPage} from './patch_page.js';
import {releasePage} from './release_page.js';

let stopPage = null;  // the current page's cleanup (a dashboard's poll timer)

function signInPage(message) {
  const token = h('input', {type: 'password', name: 'token', autocomplete: 'off', required: true});
  const form = h('form', {class: 'card', onsubmit: async (e) => {
    e.preventDefault();
    try {
      setSession(await api('POST', '/admin/api/session', {token: token.value}));
      token.value = '';
      say(`Signed in (${session.role}).`);
      location.hash = '#/apps';
      await route();
    } catch (err) {
      say(`Sign-in refused: ${err.message}`, true);
      token.focus();
    }
  }},
  field('API token', token, 'An admin, publisher or read-only token (sut_…).'),
  h('button', {type: 'submit'}, 'Sign in'));
  renderNav();
  show('Sign in', message ? h('p', {}, message) : null, form);
}

async function signOut() {
  try {
    await api('DELETE', '/admin/api/session');
  } catch (err) {
    say(`Sign-out: ${err.message}`, true);
  }
  setSession(null);
  location.hash = '#/';
  signInPage('Signed out.');
}

function renderNav() {
  const nav = document.getElementById('nav');
  const who = document.getElementById('who');
  if (!session) {
    nav.replaceChildren();
    who.replaceChildren();
    return;
  }
  nav.replaceChildren(h('ul', {}, h('li', {}, h('a', {href: '#/apps'}, 'Apps'))));
  who.replaceChildren(
      h('span', {}, `Role: ${session.role}`),
      h('button', {type: 'button', class: 'link', onclick: signOut}, 'Sign out'));
}

async function route() {
  if (stopPage) stopPage();
  stopPage = null;
  if (!session) return signInPage();
  renderNav();
  const parts = location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  try {
    if (parts[0] === 'apps' && parts.length === 2 && parts[1]) return await appPage(parts[1]);
    if (parts[0] === 'apps' && parts[2] === 'audit') return await auditPage(parts[1]);
    if (parts[0] === 'apps' && parts[2] === 'patches' && parts[3]) {
      return await patchPage(parts[1], parts[3]);
    }
    if (parts[0] === 'apps' && parts[2] === 'devices') return await devicesPage(parts[1], parts[3]);
    if (parts[0] === 'apps' && parts[2] === 'releases' && parts[3]) {
      stopPage = await releasePage(parts[1], parts[3]);
      return;
    }
    return await appsPage();
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      setSession(null);
      return signInPage('Your session has ended; sign in again.');
    }
    show('Error', h('p', {role: 'alert', class: 'error'}, err.message));
  }
}

// The skip link moves focus to the content; it must not change the hash,
// which is the route.
document.querySelector('.skip').addEventListener('click', (e) => {
  e.preventDefault();
  document.getElementById('main').focus();
});

window.addEventListener('hashchange', () => {
  document.getElementById('status').replaceChildren();
  route();
});

(async () => {
  try {
    setSession(await api('GET', '/admin/api/session'));
  } catch {
    setSession(null);
  }
  await route();
})();
