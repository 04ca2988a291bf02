// Pieces several pages show: department lists, routing scores.
import { api } from '../api.js';
import { h, bar } from '../dom.js';
import { departmentName, formatPercent } from '../i18n.js';

let departmentsCache = null;

export async function departments() {
  departmentsCache ??= api('/api/department').catch((e) => {
    departmentsCache = null;
    throw e;
  });
  return departmentsCache;
}

/** After a department is added: the next departments() asks the API again. */
export function forgetDepartments() {
  departmentsCache = null;
}

export const departmentBySlug = (list, slug) => list.find((d) => d.slug === slug) ?? { slug, nameEn: slug, nameFr: slug };

/** Department scores, highest first, each as a bar with its percentage. */
export function scoreList(scores, list, limit = Infinity) {
  const entries = Object.entries(scores ?? {}).sort((a, b) => b[1] - a[1]).slice(0, limit);
  return h('ul', { class: 'scores' }, entries.map(([slug, score]) => {
    const name = departmentName(departmentBySlug(list, slug));
    return h('li', {}, h('span', { class: 'score-name', text: name }), bar(score, 1, `${name} ${formatPercent(score)}`, { higherIsBetter: true }), h('span', { class: 'score-value', text: formatPercent(score) }));
  }));
}

export function terms(list, emptyText) {
  return list?.length ? h('ul', { class: 'terms' }, list.map((term) => h('li', { text: term }))) : h('p', { class: 'muted', text: emptyText });
}
