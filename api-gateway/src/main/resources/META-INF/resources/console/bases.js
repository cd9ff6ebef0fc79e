// Bases: the registered pretrained bases, with what their importer recorded (architecture, source, licence).
import { api } from './api.js';
import { h, when, table } from './ui.js';


export async function render(view, params, session, signal) {
  const bases = await api('/api/v1/base-models', { signal });
  view.append(h('h1', {}, 'Pretrained bases'),
    h('p', { class: 'hint' }, 'A job names one as "pretrained"; "none" trains from random weights.'));
  if (!bases.length) {
    view.append(h('p', {}, 'No base is registered: run deploy/local/baton base import-nsfwjs.'));
    return;
  }
  view.append(table('Registered bases', ['Name', 'Architecture', 'Source', 'Licence', 'Registered', 'Details'], bases,
    (b) => [b.name, b.architecture || '–', b.source || '–', b.licence || '–', when(b.publishedAt),
      h('details', {}, h('summary', {}, `Provenance and ${b.files.length} files`),
        h('p', {}, b.provenance || 'no provenance recorded'),
        h('ul', {}, b.files.map((f) => h('li', {}, f))))]));
}
