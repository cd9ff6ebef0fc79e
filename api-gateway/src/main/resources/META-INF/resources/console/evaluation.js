// A model version's test-set evaluation: accuracy, per-class precision and recall, and the confusion
// matrix as a table (row = true class, column = predicted class, the diagonal highlighted).
import { api } from './api.js';
import { h, pct, fmt, table } from './ui.js';

/** The confusion matrix as an accessible table: scoped header cells, the correct predictions marked. */
export function confusionTable(label, classes, matrix) {
  const names = classes.map((c) => c.name);
  return h('div', { class: 'scroll' }, h('table', { class: 'confusion' },
    h('caption', {}, label),
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, 'True \\ predicted'),
      names.map((name) => h('th', { scope: 'col' }, name)))),
    h('tbody', {}, matrix.map((row, t) => h('tr', { dataset: { true: names[t] } },
      h('th', { scope: 'row' }, names[t]),
      row.map((count, p) => h('td', {
        class: t === p ? 'diagonal' : (count > 0 ? 'miss' : undefined),
        dataset: { true: names[t], predicted: names[p] },
        title: t === p ? `${names[t]}: ${count} right` : `${count} ${names[t]} predicted as ${names[p]}`,
      }, String(count))))))));
}

/** Loads and renders the test evaluation of one version; a version without one says why. */
export async function evaluationView(model, version, signal) {
  const heading = h('h3', { tabindex: '-1' }, `Test evaluation of ${model} v${version}`);
  let evaluation;
  try {
    evaluation = await api(`/api/v1/models/${encodeURIComponent(model)}/versions/${version}/evaluation`, { signal });
  } catch (e) {
    if (e.status !== 404) throw e;
    return h('section', { class: 'evaluation', dataset: { version: String(version) } },
      heading, h('p', { class: 'hint no-evaluation' }, e.message));
  }
  return h('section', { class: 'evaluation', dataset: { version: String(version) } },
    heading,
    h('p', {}, 'Test accuracy ', h('strong', { class: 'test-accuracy' }, pct(evaluation.accuracy)),
      ` on ${evaluation.images} held-out images`,
      evaluation.loss === null || evaluation.loss === undefined ? '.' : ` (loss ${fmt(evaluation.loss)}).`),
    table(`Precision and recall per class of ${model} v${version} on the test split`,
      ['Class', 'Precision', 'Recall', 'Test images'], evaluation.classes,
      (c) => [c.name, pct(c.precision), pct(c.recall), String(c.support)]),
    confusionTable(`Confusion matrix of ${model} v${version}: rows are the true class, columns the predicted class`,
      evaluation.classes, evaluation.confusionMatrix));
}
