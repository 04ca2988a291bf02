// The workload board. It polls GET /api/agent and GET /api/department every few seconds (simpler than
// Server-Sent Events, works through any proxy, two small queries per poll) and updates the rows in place, so an
// input being edited is never redrawn under the user's cursor. Every department has its section, also one
// without agents: its queue is exactly what a supervisor must see.
import { api, hasRole } from '../api.js';
import { h, bar } from '../dom.js';
import { t, departmentName, formatDate, formatTime } from '../i18n.js';

export const POLL_SECONDS = 3;

export async function render(main, { announce }) {
  const canEdit = hasRole('supervisor');
  const updated = h('p', { class: 'muted', text: t('board.polling', { s: POLL_SECONDS }) });
  const sections = h('div', { class: 'board' });
  // A failed poll shows until the next one succeeds; a refused edit stays until the next edit.
  const error = h('p', { class: 'error', role: 'alert' });
  const editError = h('p', { class: 'error', role: 'alert' });
  main.append(h('h1', { text: t('board.title') }), updated, error, editError, sections);

  const departments = new Map(); // id -> { queue, tbody, empty }
  const rows = new Map(); // agent id -> row controls

  function departmentSection(department) {
    let section = departments.get(department.id);
    if (section) return section;
    const queue = h('span', { class: 'queue' });
    const empty = h('tr', { class: 'no-agents' }, h('td', { colspan: 5, class: 'muted', text: t('board.noAgents') }));
    const tbody = h('tbody', {}, empty);
    const headingId = `dept-${department.id}`;
    sections.append(h('section', { class: 'card', 'aria-labelledby': headingId, 'data-department': department.slug },
      h('h2', { id: headingId }, departmentName(department), ' ', queue),
      h('div', { class: 'scroll' }, h('table', {},
        h('thead', {}, h('tr', {},
          [t('board.agent'), t('board.load'), t('board.available'), t('board.capacity'), t('board.lastAssigned')].map((c) => h('th', { scope: 'col', text: c })))),
        tbody))));
    section = { queue, tbody, empty };
    departments.set(department.id, section);
    return section;
  }

  async function patch(agent, body, control) {
    control.disabled = true;
    editError.textContent = '';
    try {
      const saved = await api(`/api/agent/${agent.id}`, { method: 'PATCH', body });
      update(saved, { force: true });
      announce(t('board.saved', { name: saved.name }));
    } catch (e) {
      editError.textContent = t('board.notSaved', { name: agent.name, message: e.message });
      restore(agent.id);
    } finally {
      control.disabled = false;
    }
  }

  function row(agent) {
    const load = h('span', { class: 'load' });
    const meter = h('span');
    const available = h('input', { type: 'checkbox', disabled: !canEdit, 'aria-label': t('board.availableOf', { name: agent.name }) });
    const capacity = h('input', { type: 'number', min: 0, max: 1000, class: 'capacity', disabled: !canEdit, 'aria-label': t('board.capacityOf', { name: agent.name }) });
    const last = h('td');
    available.addEventListener('change', () => patch(agent, { available: available.checked }, available));
    capacity.addEventListener('change', () => {
      const value = capacity.value.trim() === '' ? NaN : Number(capacity.value);
      if (Number.isInteger(value) && value >= 0 && value <= 1000) patch(agent, { capacity: value }, capacity);
      else {
        editError.textContent = t('board.capacityRange', { name: agent.name });
        restore(agent.id);
      }
    });
    const tr = h('tr', { 'data-agent': agent.id },
      h('th', { scope: 'row', text: agent.name }),
      h('td', { class: 'load-cell' }, meter, ' ', load),
      h('td', {}, available),
      h('td', {}, capacity),
      last);
    const section = departmentSection(agent.department);
    section.empty.remove();
    section.tbody.append(tr);
    return { load, meter, available, capacity, last };
  }

  // A refused edit puts the control back to what the service last said.
  function restore(agentId) {
    const r = rows.get(agentId);
    if (r) update(r.agent, { force: true });
  }

  function update(agent, { force = false } = {}) {
    let r = rows.get(agent.id);
    if (!r) {
      r = row(agent);
      rows.set(agent.id, r);
    }
    r.agent = agent;
    r.load.textContent = `${agent.openTickets} / ${agent.capacity}`;
    r.meter.replaceChildren(bar(agent.openTickets, agent.capacity, t('board.loadOf', { name: agent.name, open: agent.openTickets, capacity: agent.capacity })));
    if (force || document.activeElement !== r.available) r.available.checked = agent.available;
    if (force || document.activeElement !== r.capacity) r.capacity.value = String(agent.capacity);
    r.last.textContent = agent.lastAssignedAt ? formatDate(agent.lastAssignedAt) : t('board.never');
  }

  let timer = null;
  let stopped = false;
  async function poll() {
    // A board in a background tab does not poll; it catches up on the next tick once shown again.
    if (document.hidden) {
      timer = setTimeout(poll, POLL_SECONDS * 1000);
      return;
    }
    try {
      const [agents, list] = await Promise.all([api('/api/agent'), api('/api/department')]);
      if (stopped) return;
      for (const department of list) {
        departmentSection(department).queue.textContent = `· ${t('board.queue', { n: department.queueLength })}`;
      }
      agents.forEach((a) => update(a));
      error.textContent = '';
      updated.textContent = `${t('board.polling', { s: POLL_SECONDS })} ${t('board.updated', { time: formatTime(new Date()) })}`;
    } catch (e) {
      if (!stopped) error.textContent = e.message;
    }
    if (!stopped) timer = setTimeout(poll, POLL_SECONDS * 1000);
  }
  await poll();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
