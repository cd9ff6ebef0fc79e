// Bases: the registered pretrained bases, with what their importer recorded (architecture, source, licence).
import { api } from './api.js';
import { h, when, table } from './ui.js';

const FIRST = ['architecture', 'source', 'licence', 'license'];

export async function render(view, params, session, signal) {
  const bases = await api('/api/v1/base-models', { signal });
  view.append(h('h1', {}, 'Pretrained bases'),
    h('p', { class: 'hint' }, 'A job names one as "pretrained"; "none" trains from random weights.'));
  if (!bases.length) {
    view.append(h('p', {}, 'No base is registered: run deploy/local/baton base import-nsfwjs.'));
    return;
  }
  view.append(table('Registered bases', ['Name', 'Architecture', 'Source', 'Licence', 'Registered', 'Details'], bases, (b) => {
    const a = b.attributes || {};
    const rest = Object.entries(a).filter(([k]) => !FIRST.includes(k));
    return [b.name, a.architecture || '–', a.source || '–', a.licence || a.license || '–', when(b.publishedAt),
      h('details', {}, h('summary', {}, `${b.files.length} files, ${rest.length} more attributes`),
        h('dl', { class: 'facts' }, rest.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])))];
  }));
}
