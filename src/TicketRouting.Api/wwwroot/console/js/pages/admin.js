// Admin: departments with their agents, users (add, deactivate, reactivate), and the keyword rules editor with a dry run.
import { api, problemLines } from '../api.js';
import { h, field } from '../dom.js';
import { t, departmentName, formatPercent } from '../i18n.js';
import { departments, forgetDepartments, scoreList, terms } from './shared.js';
import { addDepartmentForm, addAgentForm, addUserForm, activeToggle } from './admin-forms.js';

export async function render(main, { announce, navigate }) {
  const error = h('p', { class: 'error', role: 'alert' });
  main.append(h('h1', { text: t('admin.title') }), error);
  // After a change the page is drawn again from the API, then the change is announced.
  const done = (message) => {
    forgetDepartments();
    navigate('/console/admin', { replace: true });
    setTimeout(() => announce(message), 0);
  };
  const fail = (message) => { error.textContent = message; };
  try {
    const [all, agents, users, rules] = await Promise.all([departments(), api('/api/agent'), api('/api/user'), api('/api/classifier/rules')]);
    main.append(departmentsSection(all, agents, done), usersSection(users, agents, done, fail), rulesSection(rules, all, announce));
  } catch (e) {
    error.textContent = e.message;
  }
}

const table = (headers, rows) => h('div', { class: 'scroll' }, h('table', {},
  h('thead', {}, h('tr', {}, headers.map((c) => h('th', { scope: 'col', text: c })))),
  h('tbody', {}, rows.map((cells) => h('tr', {}, cells.map((c, i) => (i === 0 ? h('th', { scope: 'row', text: c }) : h('td', { text: c }))))))));

function departmentsSection(all, agents, done) {
  return h('section', { class: 'card', 'aria-labelledby': 'admin-departments' },
    h('h2', { id: 'admin-departments', text: t('admin.departments') }),
    table([t('admin.slug'), t('admin.nameEn'), t('admin.nameFr'), t('admin.agentsCount'), t('admin.open'), t('board.queue', { n: '' }).replace(/[:\s]+$/, '')],
      all.map((d) => [d.slug, d.nameEn, d.nameFr, `${d.availableAgents} / ${d.agents}`, d.openTickets, d.queueLength])),
    addDepartmentForm(done),
    h('h3', { text: t('admin.agents') }),
    table([t('board.agent'), t('tickets.department'), t('board.load'), t('board.available')],
      agents.map((a) => [a.name, departmentName(a.department), `${a.openTickets} / ${a.capacity}`, a.available ? t('ticket.yes') : t('ticket.no')])),
    addAgentForm(all, done));
}

function usersSection(users, agents, done, fail) {
  const headers = [t('admin.username'), t('admin.displayName'), t('admin.role'), t('admin.active'), t('admin.actions')];
  return h('section', { class: 'card', 'aria-labelledby': 'admin-users' },
    h('h2', { id: 'admin-users', text: t('admin.users') }),
    h('div', { class: 'scroll' }, h('table', {},
      h('thead', {}, h('tr', {}, headers.map((c) => h('th', { scope: 'col', text: c })))),
      h('tbody', {}, users.map((u) => h('tr', { 'data-user': u.username },
        h('th', { scope: 'row', text: u.username }), h('td', { text: u.displayName }), h('td', { text: u.role }),
        h('td', { text: u.active ? t('ticket.yes') : t('ticket.no') }), h('td', {}, activeToggle(u, done, fail))))))),
    addUserForm(agents, done));
}

function rulesSection(rules, all, announce) {
  const editor = h('textarea', { name: 'rules', rows: 16, spellcheck: 'false', class: 'code', value: JSON.stringify(rules, null, 2) });
  const save = h('button', { type: 'submit', text: t('admin.saveRules') });
  const problems = h('ul', { class: 'error', role: 'alert' });
  const form = h('form', {}, field(t('admin.rulesJson'), editor), save, problems);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    problems.replaceChildren();
    let body;
    try {
      body = JSON.parse(editor.value);
    } catch (e) {
      problems.append(h('li', { text: t('admin.invalidJson', { message: e.message }) }));
      return;
    }
    save.disabled = true;
    try {
      const saved = await api('/api/classifier/rules', { method: 'PUT', body });
      editor.value = JSON.stringify(saved, null, 2);
      announce(t('admin.rulesSaved', { version: saved.version ?? '' }));
    } catch (e) {
      problems.append(...problemLines(e).map((f) => h('li', { text: f })));
    } finally {
      save.disabled = false;
    }
  });
  return h('section', { class: 'card', 'aria-labelledby': 'admin-rules' },
    h('h2', { id: 'admin-rules', text: t('admin.rules') }), form, dryRun(all));
}

function dryRun(all) {
  const subject = h('input', { name: 'subject', required: true, maxlength: 200 });
  const description = h('textarea', { name: 'description', rows: 3, maxlength: 20000 });
  const button = h('button', { type: 'submit', class: 'secondary', text: t('admin.try') });
  const result = h('div', { 'aria-live': 'polite', class: 'dry-run-result' });
  const form = h('form', {}, h('p', { class: 'muted', text: t('admin.dryRunHelp') }), field(t('admin.subject'), subject), field(t('admin.description'), description), button, result);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    button.disabled = true;
    try {
      const p = await api('/api/classifier/predict', { method: 'POST', body: { subject: subject.value, description: description.value } });
      const name = (slug) => departmentName(all.find((d) => d.slug === slug)) || slug;
      result.replaceChildren(
        h('p', { class: 'verdict', text: t('admin.routedTo', { department: name(p.department), confidence: formatPercent(p.confidence) }) }),
        p.needsReview ? h('p', { text: t('admin.predicted', { department: name(p.predicted), min: formatPercent(p.minConfidence) }) }) : null,
        scoreList(p.scores, all, 4), terms(p.evidence, t('review.noEvidence')));
    } catch (e) {
      result.replaceChildren(h('p', { class: 'error', text: e.message }));
    } finally {
      button.disabled = false;
    }
  });
  return h('section', { 'aria-labelledby': 'admin-dry-run' }, h('h3', { id: 'admin-dry-run', text: t('admin.dryRun') }), form);
}
