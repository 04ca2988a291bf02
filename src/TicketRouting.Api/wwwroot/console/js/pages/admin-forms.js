// Admin: add departments, agents and users, and deactivate or reactivate a user. Every form posts to the API,
// which validates it; its field errors are shown under the form and nothing is kept on a refusal.
import { api, problemLines } from '../api.js';
import { h, field, select } from '../dom.js';
import { t, departmentName } from '../i18n.js';

const ROLES = ['agent', 'supervisor', 'admin', 'portal'];

/**
 * A form of labelled fields whose submit calls send(values); on success the page is drawn again (done), on a
 * refusal the API's field errors are listed in the form.
 */
function apiForm(title, id, fields, buttonText, send, done) {
  const problems = h('ul', { class: 'error', role: 'alert' });
  const button = h('button', { type: 'submit', text: buttonText });
  const form = h('form', { class: 'inline', 'aria-labelledby': id }, fields.map(([label, control]) => field(label, control)), button);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    problems.replaceChildren();
    button.disabled = true;
    try {
      const values = Object.fromEntries(fields.map(([, control]) => [control.name, control.value.trim()]));
      done(await send(values));
    } catch (e) {
      problems.append(...problemLines(e).map((line) => h('li', { text: line })));
    } finally {
      button.disabled = false;
    }
  });
  return h('div', { class: 'admin-form' }, h('h3', { id, text: title }), form, problems);
}

const input = (name, props = {}) => h('input', { name, ...props });

export function addDepartmentForm(done) {
  return apiForm(t('admin.addDepartment'), 'add-department', [
    [t('admin.slug'), input('slug', { maxlength: 40, autocapitalize: 'none' })],
    [t('admin.nameEn'), input('nameEn', { maxlength: 100 })],
    [t('admin.nameFr'), input('nameFr', { maxlength: 100 })],
  ], t('admin.addDepartmentButton'), (v) => api('/api/department', { method: 'POST', body: v }),
  (created) => done(t('admin.departmentAdded', { name: departmentName(created) })));
}

export function addAgentForm(departments, done) {
  const department = select(departments.map((d) => [d.id, departmentName(d)]), null, { name: 'departmentId' });
  return apiForm(t('admin.addAgent'), 'add-agent', [
    [t('admin.displayName'), input('name', { maxlength: 100 })],
    [t('admin.email'), input('email', { type: 'email', maxlength: 254 })],
    [t('tickets.department'), department],
    [t('board.capacity'), input('capacity', { type: 'number', min: 0, max: 1000, value: '25' })],
  ], t('admin.addAgentButton'), (v) => api('/api/agent', {
    method: 'POST',
    body: { name: v.name, email: v.email, departmentId: Number(v.departmentId), ...(v.capacity === '' ? {} : { capacity: Number(v.capacity) }) },
  }), (created) => done(t('admin.agentAdded', { name: created.name })));
}

export function addUserForm(agents, done) {
  const role = select(ROLES.map((r) => [r, r]), 'agent', { name: 'role' });
  const agent = select([['', t('admin.noAgent')], ...agents.map((a) => [a.id, `${a.name} (${departmentName(a.department)})`])], null, { name: 'agentId' });
  return apiForm(t('admin.addUser'), 'add-user', [
    [t('admin.username'), input('username', { maxlength: 64, autocapitalize: 'none', autocomplete: 'off' })],
    [t('admin.displayName'), input('displayName', { maxlength: 100 })],
    [t('admin.password'), input('password', { type: 'password', maxlength: 256, autocomplete: 'new-password' })],
    [t('admin.role'), role],
    [t('admin.agentLink'), agent],
  ], t('admin.addUserButton'), (v) => api('/api/user', {
    method: 'POST',
    body: { username: v.username, displayName: v.displayName || null, password: v.password, role: v.role, agentId: v.agentId ? Number(v.agentId) : null },
  }), (created) => done(t('admin.userAdded', { name: created.username })));
}

/** Deactivate (the user's tokens stop at once) or reactivate a user. */
export function activeToggle(user, done, fail) {
  const label = user.active ? t('admin.deactivate', { name: user.username }) : t('admin.reactivate', { name: user.username });
  const button = h('button', { type: 'button', class: 'secondary', text: label });
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      const saved = await api(`/api/user/${user.id}`, { method: 'PATCH', body: { active: !user.active } });
      done(t(saved.active ? 'admin.reactivated' : 'admin.deactivated', { name: saved.username }));
    } catch (e) {
      fail(e.message);
      button.disabled = false;
    }
  });
  return button;
}
