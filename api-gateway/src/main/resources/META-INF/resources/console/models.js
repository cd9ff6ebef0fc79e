// Models: versions with their metrics and test evaluation, aliases, promote and roll back (with a
// confirmation), delete a version no alias points at (with a confirmation), load failures.
import { api } from './api.js';
import { confirmDialog } from './confirm.js';
import { evaluationView } from './evaluation.js';
import { h, pct, fmt, when, table } from './ui.js';

function metric(version, name) {
  const value = version.provenance?.[`metric.${name}`];
  return value === undefined ? null : Number(value);
}

/** Asks before an alias moves; resolves to true when the user confirms. */
function confirmMove(model, alias, version, current) {
  return confirmDialog({
    title: `Move ${alias}?`,
    text: `Point ${model}'s alias "${alias}" at version ${version}`
      + (current ? ` (now version ${current})` : '') + '. Inference follows it within seconds.',
    yes: `Move ${alias} to v${version}`,
    no: 'Keep it',
  });
}

async function modelSection(summary, session, signal, reload) {
  const name = summary.name;
  const [versions, failures] = await Promise.all([
    api(`/api/v1/models/${encodeURIComponent(name)}/versions`, { signal }),
    api(`/api/v1/models/${encodeURIComponent(name)}/load-failures`, { signal }),
  ]);
  const aliases = summary.aliases || {};
  const status = h('p', { class: 'status', role: 'status' });

  async function move(alias, version) {
    if (!alias) return;
    if (!(await confirmMove(name, alias, version, aliases[alias]))) return;
    try {
      await api(`/api/v1/models/${encodeURIComponent(name)}/aliases/${encodeURIComponent(alias)}`,
        { method: 'PUT', json: { version } });
      await reload();
    } catch (e) {
      status.textContent = e.message;
      status.className = 'error';
    }
  }

  async function remove(version) {
    const sure = await confirmDialog({ title: `Delete ${name} v${version}?`,
      text: 'It is never served again and its files are removed.', yes: 'Delete', no: 'Keep it', danger: true });
    if (!sure) return;
    try {
      await api(`/api/v1/models/${encodeURIComponent(name)}/versions/${version}`, { method: 'DELETE' });
      await reload();
    } catch (e) {
      status.textContent = e.message;
      status.className = 'error';
    }
  }

  const panelId = `evaluation-${name}`;
  const panel = h('div', { id: panelId, class: 'evaluation-panel', 'aria-live': 'polite' });
  async function showEvaluation(button, version) {
    const open = button.getAttribute('aria-expanded') === 'true';
    panel.parentElement.querySelectorAll('button.evaluate').forEach((b) => b.setAttribute('aria-expanded', 'false'));
    if (open) {
      panel.replaceChildren();
      return;
    }
    button.setAttribute('aria-expanded', 'true');
    panel.replaceChildren(h('p', { class: 'hint' }, `Loading the test evaluation of v${version}…`));
    try {
      const view = await evaluationView(name, version, signal);
      panel.replaceChildren(view);
      view.querySelector('h3').focus();
    } catch (e) {
      if (e.name === 'AbortError') return;
      panel.replaceChildren(h('p', { class: 'error' }, e.message));
    }
  }

  const rows = [...versions].reverse();
  const section = h('section', { class: 'card model', dataset: { model: name }, 'aria-label': `Model ${name}` },
    h('h2', {}, name),
    h('p', {}, `${summary.versions} versions, newest v${summary.latestVersion}. Aliases: `,
      Object.keys(aliases).length
        ? Object.entries(aliases).map(([a, v]) => h('span', { class: 'badge', dataset: { alias: a } }, `${a} → v${v}`))
        : 'none'),
    table(`Versions of ${name}`, ['Version', 'Published', 'Val accuracy', 'Test accuracy', 'Val loss', 'Job',
      'Aliases', session.canSubmit ? 'Actions' : 'Details'], rows, (v) => [
      `v${v.version}`, when(v.publishedAt), pct(metric(v, 'val_accuracy')), pct(metric(v, 'test_accuracy')),
      fmt(metric(v, 'val_loss')),
      v.provenance?.jobId ? h('a', { href: `#/jobs/${encodeURIComponent(v.provenance.jobId)}` }, v.provenance.jobId) : '–',
      (v.aliases || []).join(', ') || '–',
      h('div', { class: 'actions' },
        session.canSubmit && aliases.production !== v.version
          ? h('button', { type: 'button', class: 'promote', dataset: { version: String(v.version) },
              'aria-label': `Promote ${name} version ${v.version} to production`,
              onclick: () => move('production', v.version) },
            aliases.production && aliases.production > v.version ? 'Roll back production' : 'Promote to production')
          : '',
        session.canDelete && !(v.aliases || []).length
          ? h('button', { type: 'button', class: 'danger', dataset: { deleteVersion: String(v.version) },
              'aria-label': `Delete ${name} version ${v.version}`, onclick: () => remove(v.version) }, 'Delete')
          : '',
        metric(v, 'test_accuracy') === null
          ? h('span', { class: 'hint' }, 'no test split')
          : h('button', { type: 'button', class: 'secondary evaluate', dataset: { version: String(v.version) },
              'aria-expanded': 'false', 'aria-controls': panelId,
              'aria-label': `Test evaluation of ${name} version ${v.version}`,
              onclick: (e) => showEvaluation(e.currentTarget, v.version) }, 'Test evaluation'),
        h('details', {}, h('summary', {}, 'Provenance'),
          h('dl', { class: 'facts' }, Object.entries(v.provenance || {}).flatMap(([k, val]) => [h('dt', {}, k), h('dd', {}, val)]))))]),
    panel, status);

  if (session.canSubmit) {
    const aliasInput = h('input', { id: `alias-${name}`, name: 'alias', value: 'staging', required: true });
    const versionSelect = h('select', { id: `alias-version-${name}`, name: 'version' },
      rows.map((v) => h('option', { value: String(v.version) }, `v${v.version}`)));
    section.append(h('form', { class: 'inline', onsubmit: (e) => { e.preventDefault(); move(aliasInput.value.trim(), Number(versionSelect.value)); } },
      h('label', { for: `alias-${name}` }, 'Alias'), aliasInput,
      h('label', { for: `alias-version-${name}` }, 'to version'), versionSelect,
      h('button', { type: 'submit' }, 'Move alias')));
  }
  if (failures.length) {
    section.append(h('h3', {}, 'Load failures'),
      table(`Load failures of ${name}`, ['Version', 'Worker', 'When', 'Why'], failures,
        (f) => [`v${f.version}`, f.workerId || '–', when(f.failedAt), f.reason]));
  }
  return section;
}

export async function render(view, params, session, signal) {
  const list = h('div', { id: 'models-list' });
  view.append(h('h1', {}, 'Models'), list);
  async function load() {
    const models = await api('/api/v1/models', { signal });
    if (!models.length) {
      list.replaceChildren(h('p', {}, 'No model yet: a job publishes one when it succeeds.'));
      return;
    }
    const sections = [];
    for (const summary of models) sections.push(await modelSection(summary, session, signal, load));
    list.replaceChildren(...sections);
  }
  await load();
}
