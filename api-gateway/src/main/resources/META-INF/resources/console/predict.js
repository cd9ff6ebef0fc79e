// Predict: an image, a model and a version or alias; the top classes as bars, the version that answered, the latency.
import { api } from './api.js';
import { h, fmt, showProblem, clearProblem } from './ui.js';

export async function render(view, params, session, signal) {
  const models = await api('/api/v1/models', { signal });
  view.append(h('h1', {}, 'Predict'));
  if (!models.length) {
    view.append(h('p', {}, 'No model yet: a job publishes one when it succeeds.'));
    return;
  }
  const model = h('select', { id: 'predict-model', name: 'model' }, models.map((m) => h('option', { value: m.name }, m.name)));
  const target = h('select', { id: 'predict-target', name: 'target' });
  const topK = h('input', { id: 'predict-topk', name: 'topK', type: 'number', min: '1', max: '100', value: '5' });
  const file = h('input', { id: 'predict-file', name: 'image', type: 'file', accept: 'image/png,image/jpeg' });
  const preview = h('img', { id: 'predict-preview', alt: '', hidden: true });
  const result = h('section', { id: 'predict-result', 'aria-live': 'polite' });
  const drop = h('div', { class: 'drop', id: 'predict-drop' }, 'Drop a PNG or JPEG here, or choose a file: ', file);

  function fillTargets() {
    const m = models.find((x) => x.name === model.value);
    target.replaceChildren(
      h('option', { value: '' }, `latest (v${m.latestVersion})`),
      ...Object.entries(m.aliases || {}).map(([a, v]) => h('option', { value: `alias:${a}` }, `alias ${a} (v${v})`)),
      ...Array.from({ length: m.latestVersion }, (_, i) => m.latestVersion - i)
        .map((v) => h('option', { value: `version:${v}` }, `version ${v}`)));
    if (m.aliases?.production) target.value = 'alias:production';
  }
  model.addEventListener('change', fillTargets);
  fillTargets();

  const form = h('form', { id: 'predict-form', class: 'card form', novalidate: true },
    h('label', { for: 'predict-model' }, 'Model'), model,
    h('label', { for: 'predict-target' }, 'Version or alias'), target,
    h('label', { for: 'predict-topk' }, 'Top classes'), topK,
    h('label', { for: 'predict-file' }, 'Image'), drop, preview,
    h('p', { class: 'error', dataset: { errorFor: '' }, role: 'alert' }),
    h('button', { type: 'submit', id: 'predict-button' }, 'Predict'));
  view.append(form, result);

  let image = null;
  function choose(f) {
    if (!f) return;
    image = f;
    preview.src = URL.createObjectURL(f);
    preview.alt = `The chosen image ${f.name}`;
    preview.hidden = false;
  }
  file.addEventListener('change', () => choose(file.files[0]));
  drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    choose(e.dataTransfer.files[0]);
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearProblem(form);
    if (!image) {
      showProblem(form, { problem: { violations: [{ field: 'image', message: 'choose an image' }] } });
      return;
    }
    const query = new URLSearchParams({ topK: topK.value || '5' });
    const [kind, value] = target.value.split(':');
    if (kind === 'alias') query.set('alias', value);
    if (kind === 'version') query.set('version', value);
    const button = form.querySelector('#predict-button');
    button.disabled = true;
    const started = performance.now();
    try {
      const answer = await api(`/api/v1/models/${encodeURIComponent(model.value)}/predict?${query}`,
        { method: 'POST', body: image, type: image.type === 'image/jpeg' ? 'image/jpeg' : 'image/png' });
      const millis = performance.now() - started;
      const top = answer.predictions[0]?.score || 1;
      const probability = answer.scoreType !== 'margin';
      result.replaceChildren(h('h2', {}, 'Answer'),
        h('p', { id: 'predict-answer' }, `${answer.model} version `, h('strong', { id: 'predict-version' }, String(answer.version)),
          ` answered in ${millis.toFixed(0)} ms (queue ${fmt(answer.queueMillis, 1)} ms, model ${fmt(answer.computeMillis, 1)} ms)`),
        h('ol', { class: 'bars', id: 'predict-bars' }, answer.predictions.map((p) => h('li', { dataset: { label: p.label } },
          h('span', { class: 'label' }, p.label),
          h('span', { class: 'bar', style: `width:${Math.max(2, (probability ? p.score : p.score / top) * 100).toFixed(1)}%` }),
          h('span', { class: 'score' }, probability ? `${(p.score * 100).toFixed(1)} %` : fmt(p.score, 2))))));
    } catch (e) {
      showProblem(form, e);
    } finally {
      button.disabled = false;
    }
  });
}
