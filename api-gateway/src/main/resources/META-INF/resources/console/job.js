// One job: progress, live loss and accuracy curves, the event timeline, the failure reason, the auto search's trials.
import { api, follow } from './api.js';
import { curve } from './chart.js';
import { cancelButton, jobProgress } from './jobs.js';
import { h, progress, fmt, pct, duration, when, table } from './ui.js';

function describe(event) {
  switch (event.type) {
    case 'QUEUED': return `queued${event.modelName ? ` for model ${event.modelName}` : ''}`;
    case 'STARTED': return `started on ${event.workerId} (attempt ${event.attempt})`;
    case 'RESUMED': return `resumed on ${event.workerId} after epoch ${event.epoch} (attempt ${event.attempt})`;
    case 'TRIAL': return `trial ${event.trial?.number}: ${event.trial?.stage} ${event.trial?.head}, val accuracy ${pct(event.trial?.valAccuracy)}`;
    case 'PLANNED': return `plan: ${event.reason}`;
    case 'EPOCH': return `epoch ${event.epoch}/${event.totalEpochs}: loss ${fmt(event.metrics?.loss)}, val accuracy ${pct(event.metrics?.val_accuracy)}`;
    case 'CHECKPOINTED': return `checkpoint of epoch ${event.epoch} written`;
    case 'SUCCEEDED': return `published ${event.modelName} version ${event.modelVersion}`;
    case 'FAILED': return `failed: ${event.reason}`;
    case 'CANCELLED': return `cancelled${event.reason ? `: ${event.reason}` : ''}`;
    default: return event.type;
  }
}

export async function render(view, [jobId], session, signal) {
  const path = `/api/v1/training-jobs/${encodeURIComponent(jobId)}`;
  let job = await api(path, { signal });
  const summary = h('div', { id: 'job-summary', class: 'card' });
  const charts = h('div', { class: 'charts' });
  const lossBox = h('div', { id: 'loss-chart', class: 'chart' });
  const accuracyBox = h('div', { id: 'accuracy-chart', class: 'chart' });
  charts.append(lossBox, accuracyBox);
  const trials = h('section', { id: 'trials', 'aria-label': 'Search trials' });
  const timeline = h('ol', { id: 'timeline', class: 'timeline' });
  view.append(h('p', {}, h('a', { href: '#/jobs' }, '← Jobs')), h('h1', {}, `Job ${jobId}`), summary,
    h('h2', {}, 'Curves'), charts, trials, h('h2', {}, 'Timeline'), timeline);

  const loss = await curve(lossBox, 'Loss', 'loss');
  const accuracy = await curve(accuracyBox, 'Accuracy', 'accuracy');
  // Curve points keyed by the EPOCH event's epoch number. The number is the job's global epoch: it
  // runs on across a two-phase job's phases (TrainingContext.epoch(), pinned by CheckpointResumeTest),
  // and an auto job reports EPOCH only for its fine-tune (its head search reports TRIAL), so no two
  // phases share a key. An epoch run again after a resume replaces its earlier point, as it should.
  const epochs = new Map();
  const trialRows = new Map((job.trials || []).map((t) => [t.number, t]));

  function drawSummary() {
    const m = job.lastMetrics || {};
    summary.replaceChildren(
      h('dl', { class: 'facts' },
        h('dt', {}, 'State'), h('dd', {}, h('span', { id: 'job-state', class: `state ${job.state}` }, job.state)),
        h('dt', {}, 'Model'), h('dd', {}, job.modelName || '–',
          job.modelVersion ? h('span', {}, ' version ', h('a', { href: '#/models' }, String(job.modelVersion))) : ''),
        h('dt', {}, 'Progress'), h('dd', { id: 'job-progress' }, progress(jobProgress(job), 'Job progress'),
          job.epoch ? ` epoch ${job.epoch} of ${job.totalEpochs}` : ''),
        h('dt', {}, 'ETA'), h('dd', {}, job.state === 'RUNNING' ? duration(m.eta_seconds) : '–'),
        h('dt', {}, 'Validation accuracy'), h('dd', {}, pct(m.val_accuracy)),
        h('dt', {}, 'Worker'), h('dd', {}, job.workerId || '–', job.attempts > 1 ? ` (attempt ${job.attempts})` : ''),
        h('dt', {}, 'Submitted'), h('dd', {}, when(job.submittedAt)),
        h('dt', {}, 'Finished'), h('dd', {}, when(job.finishedAt))),
      job.plan ? h('p', {}, h('strong', {}, 'Plan: '), job.plan) : '',
      job.reason && ['FAILED', 'CANCELLED'].includes(job.state)
        ? h('p', { id: 'job-reason', class: 'error', role: 'alert' }, h('strong', {}, 'Why: '), job.reason) : '',
      cancelButton(job, session, () => {}) || '');
  }

  function drawCurves() {
    const xs = [...epochs.keys()].sort((a, b) => a - b);
    const pick = (name) => xs.map((x) => epochs.get(x)[name] ?? null);
    loss.set(xs, pick('loss'), pick('val_loss'));
    accuracy.set(xs, pick('accuracy'), pick('val_accuracy'));
    lossBox.dataset.points = String(xs.length);
  }

  function drawTrials() {
    const rows = [...trialRows.values()].sort((a, b) => b.valAccuracy - a.valAccuracy);
    if (!rows.length) {
      trials.replaceChildren();
      return;
    }
    trials.replaceChildren(h('h2', {}, 'Search trials (best first)'),
      table('Trials of the auto search', ['#', 'Stage', 'Head', 'Learning rate', 'Unfrozen blocks', 'Epochs',
        'Val accuracy', 'Val loss', 'Time', 'Note'], rows,
      (t) => [String(t.number) + (t.best ? ' ★' : ''), t.stage, t.head, fmt(t.learningRate, 4),
        `${t.unfreezeLastBlocks}/${t.baseBlocks}`, String(t.epochs), pct(t.valAccuracy), fmt(t.valLoss),
        duration(t.seconds), t.note || '']));
  }

  drawSummary();
  drawTrials();
  drawCurves();
  // Not awaited: the page is shown at once and the stream fills it while the job runs.
  follow(`${path}/events`, (type, event) => {
    timeline.append(h('li', { dataset: { type } }, h('time', { datetime: event.at }, when(event.at)), ' ', describe(event)));
    if (type === 'EPOCH' && event.epoch) {
      epochs.set(event.epoch, event.metrics || {});
      drawCurves();
    }
    if (type === 'TRIAL' && event.trial) {
      trialRows.set(event.trial.number, event.trial);
      drawTrials();
    }
    if (type !== 'QUEUED') {
      api(path, { signal }).then((fresh) => { job = fresh; drawSummary(); }).catch(() => {});
    }
  }, signal).then(() => api(path, { signal })).then((fresh) => {
    job = fresh;
    drawSummary();
  }).catch((e) => {
    if (!signal.aborted) timeline.append(h('li', { class: 'error' }, `The live stream stopped: ${e.message}`));
  });
}
