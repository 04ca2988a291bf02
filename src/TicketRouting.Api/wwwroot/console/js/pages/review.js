// The review queue: tickets the classifier was unsure of, oldest first. Confirm keeps the department
// (POST /api/review/{id}/confirm); another department goes through the normal reassign endpoint with a reason.
import { api } from '../api.js';
import { h, field, select } from '../dom.js';
import { t, departmentName, formatDate, formatPercent } from '../i18n.js';
import { departments, scoreList, terms } from './shared.js';

export async function render(main, { announce }) {
  const list = h('div', { class: 'review-list' });
  const summary = h('p');
  const error = h('p', { class: 'error', role: 'alert' });
  main.append(h('h1', { text: t('review.title') }), summary, error, list);
  const all = await departments();

  async function load() {
    const page = await api('/api/review?pageSize=50');
    summary.textContent = page.total === 0 ? t('review.empty') : page.total === 1 ? t('review.countOne') : t('review.count', { n: page.total });
    list.replaceChildren(...page.items.map(item));
  }

  async function act(button, work) {
    button.disabled = true;
    error.textContent = '';
    try {
      announce(await work());
      await load();
    } catch (e) {
      error.textContent = e.message;
      button.disabled = false;
    }
  }

  function item(ticket) {
    const current = departmentName(ticket.department);
    const routing = ticket.routing;
    const others = all.filter((d) => d.id !== ticket.department.id).map((d) => [d.id, departmentName(d)]);
    const target = select(others, null, { name: 'departmentId' });
    const reason = h('input', { name: 'reason', required: true, maxlength: 1000 });
    const move = h('button', { type: 'submit', text: t('review.move') });
    const form = h('form', { class: 'inline' }, field(t('review.moveTo'), target), field(t('review.reason'), reason), move);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      act(move, async () => {
        const moved = await api(`/api/ticket/${ticket.id}/reassign`, { method: 'POST', body: { departmentId: Number(target.value), reason: reason.value } });
        return t('review.moved', { key: moved.key, department: departmentName(moved.department) });
      });
    });
    const confirm = h('button', { type: 'button', text: t('review.confirm', { department: current }) });
    confirm.addEventListener('click', () => act(confirm, async () => {
      await api(`/api/review/${ticket.id}/confirm`, { method: 'POST', body: {} });
      return t('review.confirmed', { key: ticket.key, department: current });
    }));
    const headingId = `review-${ticket.id}`;
    return h('article', { class: 'card', 'aria-labelledby': headingId, 'data-ticket': ticket.key },
      h('h2', { id: headingId }, h('a', { href: `/console/tickets/${ticket.key}`, text: ticket.key }), ' ', h('span', { text: ticket.subject })),
      h('p', { class: 'muted' }, formatDate(ticket.createdAt), ' · ',
        t('review.in', { department: current, confidence: formatPercent(routing?.confidence) })),
      h('div', { class: 'columns' },
        h('div', {}, h('h3', { text: t('review.topDepartments') }), scoreList(routing?.scores, all, 3)),
        h('div', {}, h('h3', { text: t('review.evidence') }), terms(routing?.evidence, t('review.noEvidence')))),
      h('div', { class: 'actions' }, confirm, form));
  }

  try {
    await load();
  } catch (e) {
    error.textContent = e.message;
  }
}
