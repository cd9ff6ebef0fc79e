// Datasets: the list with class counts (and held-out test counts), upload of a zip with progress and its
// report, delete (after a confirmation).
import { api, upload } from './api.js';
import { confirmDialog } from './confirm.js';
import { h, progress, showProblem, clearProblem, when, table } from './ui.js';

function classes(report) {
  return Object.entries(report.classes || {}).map(([name, count]) => `${name} ${count}`).join(', ');
}

// The held-out test images per class: counted apart from the training images in `classes`.
function testCounts(report) {
  return report.testImages ? ` (+ ${report.testImages} test)` : '';
}

function countsTable(report) {
  if (!report.testImages) {
    return table('Images per class', ['Class', 'Images'], Object.entries(report.classes || {}),
      ([c, n]) => [c, String(n)]);
  }
  const test = report.testClasses || {};
  return table('Images per class', ['Class', 'Training images', 'Test images'], Object.entries(report.classes || {}),
    ([c, n]) => [c, String(n), String(test[c] || 0)]);
}

function reportView(report) {
  return h('section', { id: 'dataset-report', class: 'card', 'aria-label': `Report of ${report.name}` },
    h('h2', {}, `Dataset ${report.name}`),
    h('p', {}, `${report.images} images in ${Object.keys(report.classes || {}).length} classes, `
      + (report.testImages ? `and ${report.testImages} held-out test images, ` : '')
      + `${(report.bytes / 1e6).toFixed(1)} MB, published ${when(report.createdAt)}`),
    countsTable(report),
    (report.skipped || []).length
      ? h('div', {}, h('h3', {}, `Skipped files (${report.skipped.length})`),
          table('Skipped files', ['File', 'Why'], report.skipped, (s) => [s.path, s.reason]))
      : h('p', {}, 'No file was skipped.'));
}

export async function render(view, params, session, signal) {
  const list = h('div', { id: 'datasets-table' });
  const detail = h('div', { id: 'dataset-detail' });
  view.append(h('h1', {}, 'Datasets'));

  if (session.canSubmit) {
    const bar = h('div', { id: 'upload-progress' });
    const form = h('form', { id: 'upload-form', class: 'card form', novalidate: true },
      h('h2', {}, 'Upload a dataset'),
      h('p', { class: 'hint' }, 'A zip of <class>/<image> files (PNG or JPEG); each folder is a class. '
        + 'For a held-out test split, put the class folders under train/ and test/.'),
      h('label', { for: 'upload-name' }, 'Name'),
      h('input', { id: 'upload-name', name: 'name', required: true }),
      h('label', { for: 'upload-file' }, 'Zip file'),
      h('input', { id: 'upload-file', name: 'file', type: 'file', accept: '.zip,application/zip', required: true }),
      h('p', { class: 'error', dataset: { errorFor: '' }, role: 'alert' }),
      bar,
      h('button', { type: 'submit', id: 'upload-button' }, 'Upload'));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearProblem(form);
      const name = form.elements.name.value.trim();
      const file = form.elements.file.files[0];
      if (!name || !file) {
        showProblem(form, { problem: { violations: [
          ...(name ? [] : [{ field: 'name', message: 'required' }]),
          ...(file ? [] : [{ field: 'file', message: 'choose a zip file' }])] } });
        return;
      }
      const button = form.querySelector('#upload-button');
      button.disabled = true;
      bar.replaceChildren(progress(0, 'Upload progress'));
      try {
        const report = await upload(`/api/v1/datasets/${encodeURIComponent(name)}`, file, 'application/zip',
          (f) => bar.replaceChildren(progress(f, 'Upload progress')));
        detail.replaceChildren(reportView(report));
        form.reset();
        await load();
      } catch (e) {
        bar.replaceChildren();
        showProblem(form, e.problem?.violations?.some((v) => (v.field || '').endsWith('name'))
          ? { problem: { violations: e.problem.violations.map((v) => ({ ...v, field: 'name' })) } } : e);
      } finally {
        button.disabled = false;
      }
    });
    view.append(form);
  }
  view.append(h('h2', {}, 'Published'), list, detail);

  async function load() {
    const datasets = await api('/api/v1/datasets', { signal });
    list.replaceChildren(datasets.length
      ? table('Published datasets', ['Name', 'Images', 'Classes', 'Skipped', 'Published', ''], datasets, (d) => [
        h('button', { type: 'button', class: 'link', onclick: () => detail.replaceChildren(reportView(d)) }, d.name),
        String(d.images) + testCounts(d), classes(d), String((d.skipped || []).length), when(d.createdAt),
        session.canSubmit ? h('button', {
          type: 'button', class: 'danger', 'aria-label': `Delete dataset ${d.name}`,
          onclick: async () => {
            const sure = await confirmDialog({
              title: `Delete dataset ${d.name}?`,
              text: `Its ${d.images} images are removed. Jobs that use it will fail; published models keep working.`,
              yes: `Delete ${d.name}`,
              no: 'Keep it',
              danger: true,
            });
            if (!sure) return;
            try {
              await api(`/api/v1/datasets/${encodeURIComponent(d.name)}`, { method: 'DELETE' });
              detail.replaceChildren();
              await load();
            } catch (e) {
              detail.replaceChildren(h('p', { class: 'error', role: 'alert' }, e.message));
            }
          },
        }, 'Delete') : ''])
      : h('p', {}, 'No dataset yet.'));
  }
  await load();
}
