// Admin: the classifier model registry. Train a new model (in the background: the list polls while one is
// training, so its state changes without a reload), compare each model's held-out metrics with the classifier
// it was measured against, per department, and activate one. Activation meets the API's guard: a 409 marked
// "forceable" shows the reason and asks for a forced activation.
import { api } from '../api.js';
import { h } from '../dom.js';
import { t, formatDate, formatPercent } from '../i18n.js';

export const POLL_SECONDS = 2;

export async function render(main, { announce }) {
  const error = h('p', { class: 'error', role: 'alert' });
  const guard = h('div', { class: 'guard', role: 'alert' });
  const list = h('div', { class: 'models' });
  const replay = h('section', { class: 'replay', 'aria-live': 'polite' });
  const activate = h('input', { type: 'checkbox', name: 'activate', id: 'models-activate' });
  const train = h('button', { type: 'submit', text: t('models.train') });
  const form = h('form', { class: 'card' }, h('p', { class: 'muted', text: t('models.trainHelp') }),
    h('div', { class: 'check' }, activate, h('label', { for: 'models-activate', text: t('models.activateIfBetter') })), train);
  main.append(h('h1', { text: t('models.title') }), form, error, guard, list, replay);

  let timer = null;
  let stopped = false;

  async function refresh() {
    try {
      const models = await api('/api/classifier/models');
      // The list has no metrics: each finished model's details carry them (a registry holds a handful).
      const details = await Promise.all(models.map((m) => (m.status === 'ready' ? api(`/api/classifier/models/${m.id}`) : m)));
      if (stopped) return;
      list.replaceChildren(table(details, activateModel, replayModel));
      error.textContent = '';
      const training = models.some((m) => m.status === 'training');
      train.disabled = training;
      clearTimeout(timer);
      if (training) timer = setTimeout(refresh, POLL_SECONDS * 1000);
    } catch (e) {
      error.textContent = e.message;
    }
  }

  async function activateModel(model, force = false) {
    guard.replaceChildren();
    try {
      await api(`/api/classifier/models/${model.id}/activate${force ? '?force=true' : ''}`, { method: 'POST' });
      announce(t('models.activated', { version: model.version }));
      replay.replaceChildren(); // it compared with the classifier that was active before
    } catch (e) {
      if (e.status === 409 && e.problem?.forceable) {
        guard.replaceChildren(h('p', { text: e.message }),
          h('button', { type: 'button', class: 'danger', onclick: () => activateModel(model, true), text: t('models.force', { version: model.version }) }),
          h('button', { type: 'button', class: 'secondary', onclick: () => guard.replaceChildren(), text: t('models.cancel') }));
      } else {
        error.textContent = e.message;
      }
    }
    await refresh();
  }

  // What-if: the confirmed tickets replayed with this model against the active classifier (GET …/replay).
  async function replayModel(model) {
    replay.replaceChildren(h('p', { class: 'muted', text: t('models.replaying', { version: model.version }) }));
    try {
      const result = await api(`/api/classifier/models/${model.id}/replay`);
      if (!stopped) replay.replaceChildren(...replayReport(result));
    } catch (e) {
      replay.replaceChildren();
      error.textContent = e.message;
    }
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    train.disabled = true;
    guard.replaceChildren();
    try {
      const started = await api('/api/classifier/models', { method: 'POST', body: { activate: activate.checked } });
      announce(t('models.training', { version: started.version }));
    } catch (e) {
      error.textContent = e.message;
    }
    await refresh();
  });

  await refresh();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

const number = (x) => (x === undefined || x === null ? '–' : formatPercent(x));

function table(models, activateModel, replayModel) {
  if (models.length === 0) return h('p', { class: 'muted', text: t('models.none') });
  return h('div', { class: 'scroll' }, h('table', { class: 'model-table' },
    h('thead', {}, h('tr', {}, [t('models.version'), t('models.status'), t('models.created'), t('models.accuracy'), t('models.macroF1'), t('models.reason'), t('models.action')]
      .map((c) => h('th', { scope: 'col', text: c })))),
    h('tbody', {}, models.map((m) => row(m, activateModel, replayModel)))));
}

function row(m, activateModel, replayModel) {
  const metrics = m.metrics;
  // Without held-out tickets there is nothing measured: a dash, not 0 %.
  const measured = metrics && metrics.heldOutTickets > 0;
  const versus = (name) => (measured ? t('models.versus', { model: number(metrics.model?.[name]), baseline: number(metrics.baseline?.[name]) }) : '–');
  const status = h('td', {}, t(`models.status.${m.status}`), m.active ? h('span', { class: 'badge active', text: t('models.active') }) : null);
  const action = m.status === 'ready' && !m.active
    ? h('button', { type: 'button', class: 'secondary', onclick: (e) => { e.target.disabled = true; activateModel(m); }, text: t('models.activate', { version: m.version }) })
    : null;
  const whatIf = m.status === 'ready' && !m.active
    ? h('button', { type: 'button', class: 'secondary', onclick: () => replayModel(m), text: t('models.replay', { version: m.version }) })
    : null;
  return h('tr', { 'data-model': m.id, 'data-active': m.active ? 'true' : 'false' },
    h('th', { scope: 'row' }, m.version, metrics ? departmentsDetails(m) : null),
    status,
    h('td', { text: formatDate(m.createdAt) }),
    h('td', { text: versus('accuracy') }),
    h('td', { text: versus('macroF1') }),
    h('td', { class: 'reason', text: m.reason ?? '' }),
    h('td', {}, action, whatIf));
}

/** Per department: the new model's precision and recall against the classifier it was compared with. */
function departmentsDetails(m) {
  const model = m.metrics.model?.departments ?? {};
  const baseline = m.metrics.baseline?.departments ?? {};
  const slugs = [...new Set([...Object.keys(model), ...Object.keys(baseline)])].sort();
  const cell = (d, name) => number(d?.[name]);
  const summary = h('summary', { text: t('models.perDepartment', { n: m.metrics.heldOutTickets, baseline: `${m.metrics.baseline?.classifier ?? ''} ${m.metrics.baseline?.version ?? ''}`.trim() }) });
  if (slugs.length === 0) return h('details', {}, summary, h('p', { class: 'muted', text: t('models.noHeldOut') }));
  return h('details', {}, summary,
    h('table', { class: 'per-department' },
      h('thead', {}, h('tr', {}, [t('tickets.department'), t('models.precision'), t('models.recall'), t('models.baselinePrecision'), t('models.baselineRecall'), t('models.support')]
        .map((c) => h('th', { scope: 'col', text: c })))),
      h('tbody', {}, slugs.map((slug) => h('tr', {},
        h('th', { scope: 'row', text: slug }),
        h('td', { text: cell(model[slug], 'precision') }), h('td', { text: cell(model[slug], 'recall') }),
        h('td', { text: cell(baseline[slug], 'precision') }), h('td', { text: cell(baseline[slug], 'recall') }),
        h('td', { text: model[slug]?.support ?? baseline[slug]?.support ?? 0 }))))));
}

/** The replay's answer: totals, then each (confirmed, routed to) pair whose count the model would change. */
function replayReport(result) {
  const r = result.report;
  const heading = h('h2', { text: t('models.replayTitle', { version: result.modelVersion, active: `${result.activeClassifier} ${result.activeVersion ?? ''}`.trim() }) });
  if (r.tickets === 0) return [heading, h('p', { class: 'muted', text: t('models.replayNone') })];
  const summary = h('p', { class: 'replay-summary', text: t('models.replaySummary', {
    tickets: r.tickets, move: r.wouldMove, active: number(r.activeAccuracy), candidate: number(r.candidateAccuracy),
    fixed: r.fixedByCandidate, broken: r.brokenByCandidate }) });
  if (r.confusionChanges.length === 0) return [heading, summary];
  return [heading, summary, h('div', { class: 'scroll' }, h('table', { class: 'replay-changes' },
    h('caption', { text: t('models.replayChanges') }),
    h('thead', {}, h('tr', {}, [t('models.replayConfirmed'), t('models.replayRoutedTo'), t('models.replayActive'), t('models.replayCandidate')]
      .map((c) => h('th', { scope: 'col', text: c })))),
    h('tbody', {}, r.confusionChanges.map((c) => h('tr', {},
      h('th', { scope: 'row', text: c.actual }), h('td', { text: c.routedTo }),
      h('td', { text: c.active }), h('td', { text: c.candidate }))))))];
}
