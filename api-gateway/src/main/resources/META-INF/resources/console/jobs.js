// Jobs: the list with state, progress and ETA, live over each active job's event stream.
import { api, follow } from './api.js';
import { h, progress, duration, when } from './ui.js';

const STATES = ['', 'QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'];

/** A job's progress in [0, 1]: its epochs, or 1 once it succeeded. */
export function jobProgress(job) {
  if (job.state === 'SUCCEEDED') return 1;
  if (!job.epoch || !job.totalEpochs) return 0;
  return job.epoch / job.totalEpochs;
}

/** A cancel button for a job that has not ended, for a submitter. */
export function cancelButton(job, session, after) {
  if (!session.canSubmit || ['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(job.state)) return null;
  return h('button', {
    type: 'button', class: 'danger', 'aria-label': `Cancel job ${job.jobId}`,
    onclick: async (e) => {
      e.target.disabled = true;
      try {
        await api(`/api/v1/training-jobs/${encodeURIComponent(job.jobId)}/cancel`, { method: 'POST' });
      } catch (err) {
        e.target.replaceWith(h('span', { class: 'error', role: 'alert' }, err.message));
        return;
      }
      after();
    },
  }, 'Cancel');
}

export async function render(view, params, session, signal) {
  const stateFilter = h('select', { id: 'filter-state', name: 'state' },
    STATES.map((s) => h('option', { value: s }, s || 'any state')));
  const modelFilter = h('input', { id: 'filter-model', name: 'model', placeholder: 'any model' });
  const body = h('div', { id: 'jobs-table' });
  view.append(
    h('h1', {}, 'Training jobs'),
    h('form', { class: 'filters', role: 'search', onsubmit: (e) => { e.preventDefault(); load(); } },
      h('label', { for: 'filter-state' }, 'State'), stateFilter,
      h('label', { for: 'filter-model' }, 'Model'), modelFilter,
      h('button', { type: 'submit' }, 'Filter'),
      session.canSubmit ? h('a', { class: 'button', href: '#/submit' }, 'Submit a job') : null),
    body);
  stateFilter.addEventListener('change', () => load());

  const followed = new Map();
  let jobs = [];
  let shown = null;

  function row(job) {
    const eta = job.state === 'RUNNING' ? job.lastMetrics?.eta_seconds : null;
    return [
      h('a', { href: `#/jobs/${encodeURIComponent(job.jobId)}` }, job.jobId),
      h('span', { class: `state ${job.state}` }, job.state),
      job.modelName || '–',
      progress(jobProgress(job), `Progress of job ${job.jobId}`),
      eta == null ? '–' : duration(eta),
      when(job.submittedAt),
      cancelButton(job, session, () => refresh(job.jobId)) || '',
    ];
  }

  function draw() {
    body.replaceChildren(jobs.length
      ? h('div', {}, h('table', { class: 'jobs' },
          h('caption', { class: 'sr-only' }, 'Training jobs, newest first'),
          h('thead', {}, h('tr', {}, ['Job', 'State', 'Model', 'Progress', 'ETA', 'Submitted', ''].map((c) => h('th', { scope: 'col' }, c)))),
          h('tbody', {}, jobs.map((job) => h('tr', { dataset: { job: job.jobId } }, row(job).map((c) => h('td', {}, c)))))))
      : h('p', {}, 'No jobs yet.'));
  }

  async function refresh(jobId) {
    const job = await api(`/api/v1/training-jobs/${encodeURIComponent(jobId)}`, { signal });
    jobs = jobs.map((j) => (j.jobId === jobId ? job : j));
    draw();
  }

  function watch(job) {
    if (followed.has(job.jobId) || ['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(job.state)) return;
    followed.set(job.jobId, true);
    follow(`/api/v1/training-jobs/${encodeURIComponent(job.jobId)}/events`, () => {
      refresh(job.jobId).catch(() => {});
    }, signal).catch(() => {}).finally(() => followed.delete(job.jobId));
  }

  async function load() {
    const query = new URLSearchParams({ size: '50' });
    if (stateFilter.value) query.set('state', stateFilter.value);
    if (modelFilter.value.trim()) query.set('model', modelFilter.value.trim());
    const page = await api(`/api/v1/training-jobs?${query}`, { signal });
    // Redrawn only when something changed, so that keyboard focus stays where it is.
    const seen = JSON.stringify(page.items);
    if (seen !== shown) {
      shown = seen;
      jobs = page.items;
      draw();
    }
    jobs.forEach(watch);
  }

  await load();
  // New jobs appear without a reload; running ones move with their own streams.
  const timer = setInterval(() => load().catch(() => {}), 5000);
  signal.addEventListener('abort', () => clearInterval(timer));
}
