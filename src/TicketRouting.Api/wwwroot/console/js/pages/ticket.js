// One ticket: details, routing explanation, comments, history; status and priority changes; reassignment.
import { api, hasRole } from '../api.js';
import { h, field, select, bar } from '../dom.js';
import { t, departmentName, statusName, priorityName, formatDate, formatPercent } from '../i18n.js';
import { departments, departmentBySlug, scoreList, terms } from './shared.js';

const STATUSES = ['open', 'in_progress', 'blocked', 'closed'];
const PRIORITIES = ['low', 'medium', 'high', 'critical'];

export async function render(main, { params, announce, navigate }) {
  const key = params[0];
  const error = h('p', { class: 'error', role: 'alert' });
  let ticket;
  let history;
  let comments;
  let all;
  try {
    [ticket, history, comments, all] = await Promise.all([
      api(`/api/ticket/${encodeURIComponent(key)}`), api(`/api/ticket/${encodeURIComponent(key)}/history`),
      api(`/api/ticket/${encodeURIComponent(key)}/comments`), departments()]);
  } catch (e) {
    main.append(h('h1', { text: key }), h('p', { class: 'error', role: 'alert', text: e.message }));
    return;
  }

  const reload = (message) => {
    navigate(`/console/tickets/${ticket.key}`, { replace: true });
    if (message) setTimeout(() => announce(message), 0);
  };
  const run = async (button, work) => {
    button.disabled = true;
    error.textContent = '';
    try {
      reload(await work());
    } catch (e) {
      error.textContent = e.message;
      button.disabled = false;
    }
  };

  main.append(
    h('h1', {}, h('span', { class: 'key', text: ticket.key }), ' ', h('span', { text: ticket.subject })),
    error,
    h('div', { class: 'ticket-layout' },
      h('div', {},
        h('section', { class: 'card', 'aria-labelledby': 'description' },
          h('h2', { id: 'description', text: t('ticket.description') }), h('p', { class: 'description', text: ticket.description })),
        routingSection(ticket.routing, all),
        commentsSection(ticket, comments, run),
        historySection(history)),
      h('div', {},
        detailsSection(ticket, run),
        hasRole('supervisor') ? await reassignSection(ticket, all, run) : null)));
}

function detailsSection(ticket, run) {
  const status = select(STATUSES.map((s) => [s, statusName(s)]), ticket.status, { name: 'status' });
  const priority = select(PRIORITIES.map((p) => [p, priorityName(p)]), ticket.priority, { name: 'priority' });
  const change = (name, control, label) => {
    const button = h('button', { type: 'submit', class: 'secondary', text: label });
    const form = h('form', { class: 'inline' }, field(t(`tickets.${name}`), control), button);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      run(button, async () => {
        await api(`/api/ticket/${ticket.id}`, { method: 'PATCH', body: { [name]: control.value } });
        return t('ticket.saved');
      });
    });
    return form;
  };
  const row = (label, ...value) => [h('dt', { text: label }), h('dd', {}, ...value)];
  return h('section', { class: 'card', 'aria-labelledby': 'details' },
    h('h2', { id: 'details', text: t('ticket.details') }),
    h('dl', {},
      row(t('tickets.status'), h('span', { class: `badge status-${ticket.status}`, text: statusName(ticket.status) })),
      row(t('tickets.priority'), h('span', { class: `badge priority-${ticket.priority}`, text: priorityName(ticket.priority) })),
      row(t('tickets.department'), departmentName(ticket.department)),
      row(t('tickets.assignee'), ticket.assignee?.name ?? t('ticket.unassigned')),
      row(t('ticket.customer'), ticket.customer ? `${ticket.customer.name ?? ''} <${ticket.customer.email}>`.trim() : '—'),
      row(t('tickets.created'), formatDate(ticket.createdAt)),
      row(t('ticket.due'), ticket.dueAt ? formatDate(ticket.dueAt) : '—', ticket.overdue ? ` (${t('ticket.overdue')})` : ''),
      ticket.tags.length ? row(t('ticket.tags'), ticket.tags.join(', ')) : null),
    change('status', status, t('ticket.changeStatus')),
    change('priority', priority, t('ticket.changePriority')));
}

function routingSection(routing, all) {
  const section = h('section', { class: 'card', 'aria-labelledby': 'routing' }, h('h2', { id: 'routing', text: t('ticket.routing') }));
  if (!routing) {
    section.append(h('p', { text: t('ticket.noRouting') }));
    return section;
  }
  const yesNo = (b) => (b ? t('ticket.yes') : t('ticket.no'));
  section.append(
    h('p', {}, `${t('ticket.classifier')}: ${routing.classifier} ${routing.version} · ${t('ticket.confidence')}: ${formatPercent(routing.confidence)} · `,
      `${t('ticket.needsReview')}: ${yesNo(routing.needsReview)} · ${t('ticket.predicted')}: ${departmentName(departmentBySlug(all, routing.predictedDepartment))}`),
    h('h3', { text: t('ticket.scores') }), scoreList(routing.scores, all),
    h('h3', { text: t('ticket.evidence') }), terms(routing.evidence, t('review.noEvidence')),
    h('h3', { text: t('ticket.candidates') }),
    h('div', { class: 'scroll' }, h('table', {},
      h('thead', {}, h('tr', {}, [t('board.agent'), t('board.load'), t('board.available')].map((c) => h('th', { scope: 'col', text: c })))),
      h('tbody', {}, routing.candidates.map((c) => h('tr', {},
        h('th', { scope: 'row', text: c.name }),
        h('td', {}, bar(c.openTickets, c.capacity, `${c.name}: ${c.openTickets} / ${c.capacity}`), ` ${c.openTickets} / ${c.capacity}`),
        h('td', { text: yesNo(c.available) })))))),
    h('p', {}, `${t('ticket.tieBreak')}: `, h('code', { text: routing.tieBreak })));
  return section;
}

function commentsSection(ticket, comments, run) {
  const body = h('textarea', { name: 'body', rows: 3, required: true, maxlength: 5000 });
  const internal = h('input', { type: 'checkbox', id: 'comment-internal' });
  const button = h('button', { type: 'submit', class: 'secondary', text: t('ticket.addComment') });
  const form = h('form', {}, field(t('ticket.comment'), body),
    h('div', { class: 'field check' }, internal, h('label', { for: 'comment-internal', text: t('ticket.internal') })), button);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    run(button, async () => {
      await api(`/api/ticket/${ticket.id}/comments`, { method: 'POST', body: { body: body.value, internal: internal.checked } });
      return t('ticket.saved');
    });
  });
  return h('section', { class: 'card', 'aria-labelledby': 'comments' },
    h('h2', { id: 'comments', text: t('ticket.comments') }),
    comments.length === 0 ? h('p', { class: 'muted', text: t('ticket.noComments') }) : h('ul', { class: 'comments' }, comments.map((c) => h('li', {},
      h('p', { class: 'muted' }, `${c.author} · ${formatDate(c.createdAt)}`, c.internal ? h('span', { class: 'badge', text: t('ticket.internalBadge') }) : null),
      h('p', { class: 'description', text: c.body })))),
    form);
}

function historySection(history) {
  return h('section', { class: 'card', 'aria-labelledby': 'history' },
    h('h2', { id: 'history', text: t('ticket.history') }),
    h('ol', { class: 'timeline' }, history.map((e) => h('li', { 'data-event': e.type },
      h('time', { datetime: e.at, text: formatDate(e.at) }), ' ',
      h('strong', { text: t(`event.${e.type}`) }), e.actor ? ` · ${e.actor}` : '',
      e.from || e.to ? h('span', { class: 'move', text: ` ${e.from ?? ''} → ${e.to ?? ''}` }) : null,
      e.reason ? h('q', { class: 'reason', text: e.reason }) : null))));
}

async function reassignSection(ticket, all, run) {
  const agents = await api('/api/agent');
  const department = select(all.map((d) => [d.id, departmentName(d)]), ticket.department.id, { name: 'departmentId' });
  const agent = h('select', { name: 'agentId' });
  const fillAgents = () => {
    const inDepartment = agents.filter((a) => a.department.id === Number(department.value));
    agent.replaceChildren(h('option', { value: '', text: t('ticket.anyAgent') }),
      ...inDepartment.map((a) => h('option', { value: String(a.id), text: `${a.name} (${a.openTickets}/${a.capacity}${a.available ? '' : `, ${t('ticket.unavailable')}`})` })));
  };
  fillAgents();
  department.addEventListener('change', fillAgents);
  const reason = h('textarea', { name: 'reason', rows: 2, required: true, maxlength: 1000 });
  const button = h('button', { type: 'submit', text: t('ticket.reassign') });
  const form = h('form', {}, field(t('tickets.department'), department), field(t('ticket.agent'), agent), field(t('ticket.reason'), reason), button);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    run(button, async () => {
      const body = { departmentId: Number(department.value), reason: reason.value };
      if (agent.value) body.agentId = Number(agent.value);
      await api(`/api/ticket/${ticket.id}/reassign`, { method: 'POST', body });
      return t('ticket.reassigned');
    });
  });
  return h('section', { class: 'card', 'aria-labelledby': 'reassign' }, h('h2', { id: 'reassign', text: t('ticket.reassignTitle') }), form);
}
