// The console's shell: sign-in with an API key, the role, and a hash router over the pages.
import { api, apiKey, ApiError, whenUnauthorized } from './api.js';
import * as jobs from './jobs.js';
import * as job from './job.js';
import * as submit from './submit.js';
import * as datasets from './datasets.js';
import * as models from './models.js';
import * as predict from './predict.js';
import * as bases from './bases.js';

const routes = [
  [/^#\/jobs\/([\w.-]+)$/, job],
  [/^#\/jobs$/, jobs],
  [/^#\/submit$/, submit],
  [/^#\/datasets$/, datasets],
  [/^#\/models$/, models],
  [/^#\/predict$/, predict],
  [/^#\/bases$/, bases],
];

const $ = (id) => document.getElementById(id);
let session = null;
let leave = () => {};

function showLogin(message) {
  leave();
  leave = () => {};
  session = null;
  $('view').hidden = true;
  $('view').replaceChildren();
  $('nav').hidden = true;
  $('who').hidden = true;
  $('login').hidden = false;
  $('login-error').textContent = message || '';
  $('api-key').value = '';
  $('api-key').focus();
}

async function signIn() {
  const me = await api('/api/v1/me');
  session = { client: me.client, roles: me.roles, canSubmit: me.roles.includes('submitter'),
    canDelete: me.roles.includes('admin') };
  const role = session.canDelete ? 'admin' : session.canSubmit ? 'submitter' : 'viewer';
  document.body.dataset.role = session.canSubmit ? 'submitter' : 'viewer';
  $('login').hidden = true;
  $('who-name').textContent = me.client;
  $('who-role').textContent = role;
  document.querySelectorAll('#nav [data-role="submitter"]').forEach((a) => { a.hidden = !session.canSubmit; });
  $('nav').hidden = false;
  $('who').hidden = false;
  $('view').hidden = false;
  route();
}

async function route() {
  if (!session) return;
  leave();
  leave = () => {};
  const hash = location.hash || '#/jobs';
  const found = routes.find(([pattern]) => pattern.test(hash));
  if (!found) {
    location.hash = '#/jobs';
    return;
  }
  const [pattern, page] = found;
  const params = hash.match(pattern).slice(1).map(decodeURIComponent);
  document.querySelectorAll('#nav a').forEach((a) => {
    if (hash.startsWith(a.getAttribute('href'))) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  });
  const view = $('view');
  view.replaceChildren();
  const controller = new AbortController();
  leave = () => controller.abort();
  try {
    await page.render(view, params, session, controller.signal);
  } catch (e) {
    if (controller.signal.aborted || (e instanceof ApiError && e.status === 401)) return;
    view.append(Object.assign(document.createElement('p'), { className: 'error', role: 'alert', textContent: e.message }));
  }
  const heading = view.querySelector('h1');
  if (heading) {
    heading.tabIndex = -1;
    document.title = `${heading.textContent} · Baton console`;
  }
}

whenUnauthorized(() => {
  apiKey.clear();
  showLogin('Your key was not accepted: sign in again.');
});

$('login-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const key = $('api-key').value.trim();
  if (!key) {
    $('login-error').textContent = 'Enter an API key.';
    return;
  }
  apiKey.set(key);
  try {
    await signIn();
  } catch (e) {
    apiKey.clear();
    if (!(e instanceof ApiError && e.status === 401)) showLogin(`Cannot sign in: ${e.message}`);
    else showLogin('That key is not valid.');
  }
});

$('sign-out').addEventListener('click', () => {
  apiKey.clear();
  showLogin('Signed out.');
});

window.addEventListener('hashchange', route);

if (apiKey.get()) {
  signIn().catch((e) => { apiKey.clear(); showLogin(e.status === 401 ? 'That key is not valid.' : e.message); });
} else {
  showLogin();
}
