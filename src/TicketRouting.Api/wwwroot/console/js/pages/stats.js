// Statistics from GET /api/stats?days=N, drawn as bar charts (<meter> rows with their numbers, readable without
// colour). The period (7, 30 or 90 days, or all time; 30 by default) is kept in the page's URL.
import { api } from '../api.js';
import { h, bar, field, select } from '../dom.js';
import { t, departmentName, statusName, formatPercent } from '../i18n.js';
import { departments, departmentBySlug } from './shared.js';

export const PERIODS = ['7', '30', '90', 'all'];

export async function render(main, { query, navigate }) {
  const error = h('p', { class: 'error', role: 'alert' });
  const days = PERIODS.includes(query.get('days')) ? query.get('days') : '30';
  const period = select(PERIODS.map((d) => [d, d === 'all' ? t('stats.all') : t('stats.days', { n: d })]), days, { name: 'days' });
  period.addEventListener('change', () => {
    const next = new URLSearchParams(query);
    next.set('days', period.value);
    navigate(`/console/stats?${next}`);
  });
  main.append(h('h1', { text: t('stats.title') }), h('div', { class: 'filters' }, field(t('stats.period'), period)), error);
  try {
    const [stats, all] = await Promise.all([api(days === 'all' ? '/api/stats' : `/api/stats?days=${days}`), departments()]);
    const reviewRate = stats.total === 0 ? 0 : stats.needsReview / stats.total;
    main.append(
      h('div', { class: 'columns' },
        chart('stats-rates', t('stats.rates'), [
          [t('stats.misrouteRate'), stats.misrouteRate, formatPercent(stats.misrouteRate)],
          [t('stats.reviewRate'), reviewRate, formatPercent(reviewRate)],
        ], 1),
        chart('stats-status', t('stats.byStatus'), Object.entries(stats.byStatus).map(([s, n]) => [statusName(s), n, String(n)]))),
      chart('stats-departments', t('stats.byDepartment'),
        Object.entries(stats.byDepartment).map(([slug, n]) => [departmentName(departmentBySlug(all, slug)), n, String(n)])),
      h('p', {}, t('stats.summary', { total: stats.total, overdue: stats.overdue, corrections: stats.departmentCorrections, review: stats.needsReview })));
  } catch (e) {
    error.textContent = e.message;
  }
}

function chart(id, title, rows, max = Math.max(1, ...rows.map((r) => r[1]))) {
  return h('section', { class: 'card', 'aria-labelledby': id },
    h('h2', { id, text: title }),
    h('ul', { class: 'scores' }, rows.map(([label, value, text]) => h('li', {},
      h('span', { class: 'score-name', text: label }), bar(value, max, `${label}: ${text}`, { higherIsBetter: true }), h('span', { class: 'score-value', text })))));
}
