// Submit: every job field, the API's own defaults filled in, errors shown next to the field they name.
import { api } from './api.js';
import { h, showProblem, clearProblem } from './ui.js';

const NUMBERS = ['unfreezeLastBlocks', 'budgetMinutes', 'epochs', 'batchSize', 'learningRate', 'fineTuneLearningRate',
  'imageSize', 'widthMultiplier', 'validationSplit', 'seed', 'earlyStoppingPatience'];
// The fields each strategy reads; the others are disabled (and so not sent).
const ONLY_FOR = {
  budgetMinutes: ['auto'],
  unfreezeLastBlocks: ['fine_tune'],
  fineTuneLearningRate: ['two_phase'],
  head: ['full', 'fine_tune', 'feature_extraction', 'two_phase'],
  learningRate: ['full', 'fine_tune', 'feature_extraction', 'two_phase'],
};

export async function render(view, params, session, signal) {
  if (!session.canSubmit) {
    view.append(h('h1', {}, 'Submit a training job'), h('p', {}, 'Your key may view but not submit jobs.'));
    return;
  }
  const [defaults, datasets, bases] = await Promise.all([
    api('/api/v1/training-jobs/defaults', { signal }),
    api('/api/v1/datasets', { signal }),
    api('/api/v1/base-models', { signal }),
  ]);
  view.append(document.getElementById('submit-form').content.cloneNode(true));
  const form = view.querySelector('#job-form');
  const field = (name) => form.elements.namedItem(name);

  field('dataset').replaceChildren(...(datasets.length
    ? datasets.map((d) => h('option', { value: d.name }, `${d.name} (${d.images} images, ${Object.keys(d.classes).length} classes)`))
    : [h('option', { value: '' }, 'no dataset yet: upload one first')]));

  function fillPretrained() {
    const base = field('base').value;
    const fitting = bases.filter((b) => !b.architecture || b.architecture === base);
    field('pretrained').replaceChildren(
      ...fitting.map((b) => h('option', { value: b.name }, b.name)),
      h('option', { value: 'none' }, 'none (random initialisation)'));
    if (base === defaults.base && fitting.some((b) => b.name === defaults.pretrained)) {
      field('pretrained').value = defaults.pretrained;
    }
  }

  function applyStrategy() {
    const strategy = field('strategy').value;
    for (const [name, strategies] of Object.entries(ONLY_FOR)) field(name).disabled = !strategies.includes(strategy);
    field('epochs').value = strategy === 'auto' ? defaults.autoMaxEpochs : defaults.epochs;
    field('augmentation').checked = strategy === 'auto' ? defaults.autoAugmentation : defaults.augmentation;
  }

  field('base').value = defaults.base;
  field('strategy').value = defaults.strategy;
  field('head').value = defaults.head;
  for (const name of ['batchSize', 'learningRate', 'imageSize', 'widthMultiplier', 'validationSplit', 'seed', 'budgetMinutes']) {
    field(name).value = defaults[name];
  }
  fillPretrained();
  applyStrategy();
  field('base').addEventListener('change', fillPretrained);
  field('strategy').addEventListener('change', applyStrategy);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearProblem(form);
    const job = {};
    for (const name of ['modelName', 'dataset', 'base', 'pretrained', 'strategy', 'head']) {
      const el = field(name);
      if (!el.disabled && el.value.trim() !== '') job[name] = el.value.trim();
    }
    for (const name of NUMBERS) {
      const el = field(name);
      if (!el.disabled && el.value.trim() !== '') job[name] = Number(el.value);
    }
    job.augmentation = field('augmentation').checked;
    const missing = ['modelName', 'dataset'].filter((name) => !job[name]);
    if (missing.length) {
      showProblem(form, { problem: { violations: missing.map((name) => ({ field: name, message: 'required' })) } });
      field(missing[0]).focus();
      return;
    }
    const button = form.querySelector('#submit-job');
    button.disabled = true;
    try {
      const created = await api('/api/v1/training-jobs', { method: 'POST', json: job });
      location.hash = `#/jobs/${encodeURIComponent(created.jobId)}`;
    } catch (e) {
      showProblem(form, e);
      const invalid = form.querySelector('[aria-invalid="true"]');
      if (invalid) invalid.focus();
    } finally {
      button.disabled = false;
    }
  });
  field('modelName').focus();
}
