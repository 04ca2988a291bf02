// The ticket list: the API's own query parameters (q, status, priority, departmentId, needsReview, sort,
// page) are kept in the page's URL, so a filtered list can be bookmarked and Back works. Agents see theirs.
import { api, currentUser, hasRole } from '../api.js';
import { h, field, select } from '../dom.js';
import { t, departmentName, statusName, priorityName, formatDate } from '../i18n.js';
import { departments } from './shared.js';

const PAGE_SIZE = 25;
const STATUSES = ['open', 'in_progress', 'blocked', 'closed'];
const PRIORITIES = ['low', 'medium', 'high', 'critical'];

export async function render(main, { query, navigate }) {
  const supervisor = hasRole('supervisor');
  const user = currentUser();
  main.append(h('h1', { text: supervisor ? t('tickets.title') : t('tickets.mine') }));
  if (!supervisor && user.agentId === null) {
    main.append(h('p', { text: t('tickets.noAgent') }));
    return;
  }

  const all = await departments();
  const q = h('input', { type: 'search', name: 'q', value: query.get('q') ?? '' });
  const status = select([['', t('tickets.any')], ...STATUSES.map((s) => [s, statusName(s)])], query.get('status'), { name: 'status' });
  const priority = select([['', t('tickets.any')], ...PRIORITIES.map((p) => [p, priorityName(p)])], query.get('priority'), { name: 'priority' });
  const department = select([['', t('tickets.any')], ...all.map((d) => [d.id, departmentName(d)])], query.get('departmentId'), { name: 'departmentId' });
  const sort = select(['created', 'updated', 'priority', 'key'].map((s) => [s, t(`sort.${s}`)]), query.get('sort') ?? 'created', { name: 'sort' });
  const review = h('input', { type: 'checkbox', name: 'needsReview', checked: query.get('needsReview') === 'true' });
  const form = h('form', { class: 'filters card', role: 'search' },
    field(t('tickets.search'), q), field(t('tickets.status'), status), field(t('tickets.priority'), priority),
    supervisor ? field(t('tickets.department'), department) : null, field(t('tickets.sort'), sort),
    h('div', { class: 'field check' }, review, h('label', { for: review.id ||= 'needs-review', text: t('tickets.needsReview') })),
    h('button', { type: 'submit', text: t('tickets.filter') }));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const [key, control] of [['q', q], ['status', status], ['priority', priority], ['departmentId', department], ['sort', sort]]) {
      if (control.value.trim()) next.set(key, control.value.trim());
    }
    if (review.checked) next.set('needsReview', 'true');
    navigate(`/console/tickets?${next}`);
  });

  const results = h('div', { 'aria-live': 'polite' });
  const error = h('p', { class: 'error', role: 'alert' });
  main.append(form, error, results);

  const page = Math.max(1, Number(query.get('page')) || 1);
  const request = new URLSearchParams();
  for (const key of ['q', 'status', 'priority', 'departmentId', 'needsReview', 'sort']) {
    if (query.get(key)) request.set(key, query.get(key));
  }
  if (!supervisor) request.set('assigneeId', String(user.agentId));
  request.set('page', String(page));
  request.set('pageSize', String(PAGE_SIZE));
  try {
    const data = await api(`/api/ticket?${request}`);
    results.append(table(data.items), pager(data, page, query, navigate));
  } catch (e) {
    error.textContent = e.message;
  }
}

function table(items) {
  if (items.length === 0) return h('p', { text: t('tickets.none') });
  const headers = [t('tickets.key'), t('tickets.subject'), t('tickets.status'), t('tickets.priority'), t('tickets.department'), t('tickets.assignee'), t('tickets.created')];
  return h('div', { class: 'scroll' }, h('table', { class: 'tickets' },
    h('thead', {}, h('tr', {}, headers.map((c) => h('th', { scope: 'col', text: c })))),
    h('tbody', {}, items.map((ticket) => h('tr', {},
      h('td', {}, h('a', { href: `/console/tickets/${ticket.key}`, text: ticket.key })),
      h('td', { class: 'subject', text: ticket.subject }),
      h('td', {}, h('span', { class: `badge status-${ticket.status}`, text: statusName(ticket.status) })),
      h('td', {}, h('span', { class: `badge priority-${ticket.priority}`, text: priorityName(ticket.priority) })),
      h('td', { text: departmentName(ticket.department) }),
      h('td', { text: ticket.assignee?.name ?? t('tickets.queue') }),
      h('td', { text: formatDate(ticket.createdAt) }))))));
}

function pager(data, page, query, navigate) {
  const pages = Math.max(1, Math.ceil(data.total / data.pageSize));
  const go = (target) => {
    const next = new URLSearchParams(query);
    next.set('page', String(target));
    navigate(`/console/tickets?${next}`);
  };
  return h('nav', { class: 'pager', 'aria-label': t('tickets.page', { page, pages, total: data.total }) },
    h('button', { type: 'button', class: 'secondary', disabled: page <= 1, onclick: () => go(page - 1), text: t('tickets.previous') }),
    h('span', { text: t('tickets.page', { page, pages, total: data.total }) }),
    h('button', { type: 'button', class: 'secondary', disabled: page >= pages, onclick: () => go(page + 1), text: t('tickets.next') }));
}
