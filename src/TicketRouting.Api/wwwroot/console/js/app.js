// The console's shell: routes under /console, the navigation for the user's role, sign-out, language.
import { currentUser, hasRole, restoreSession, signOut } from './api.js';
import { h, clear } from './dom.js';
import { lang, t } from './i18n.js';
import * as signin from './pages/signin.js';
import * as board from './pages/board.js';
import * as review from './pages/review.js';
import * as tickets from './pages/tickets.js';
import * as ticket from './pages/ticket.js';
import * as admin from './pages/admin.js';
import * as stats from './pages/stats.js';
import * as models from './pages/models.js';

const routes = [
  { pattern: /^\/console\/?$/, page: { render: (main, ctx) => ctx.navigate(home(), { replace: true }) } },
  { pattern: /^\/console\/signin$/, page: signin, anonymous: true },
  { pattern: /^\/console\/board$/, page: board, role: 'supervisor' },
  { pattern: /^\/console\/review$/, page: review, role: 'supervisor' },
  { pattern: /^\/console\/tickets$/, page: tickets, role: 'agent' },
  { pattern: /^\/console\/tickets\/([^/]+)$/, page: ticket, role: 'agent' },
  { pattern: /^\/console\/stats$/, page: stats, role: 'supervisor' },
  { pattern: /^\/console\/admin$/, page: admin, role: 'admin' },
  { pattern: /^\/console\/models$/, page: models, role: 'admin' },
];

const main = document.getElementById('main');
const statusLine = document.getElementById('status');
let cleanup = null;
let renders = 0;

function home() {
  if (hasRole('supervisor')) return '/console/board';
  if (hasRole('agent')) return '/console/tickets';
  return '/console/signin';
}

export function navigate(url, { replace = false } = {}) {
  history[replace ? 'replaceState' : 'pushState'](null, '', url);
  render();
}

export function announce(text) {
  statusLine.textContent = text;
}

function renderChrome() {
  document.documentElement.lang = lang;
  document.title = t('app.title');
  document.querySelector('.skip').textContent = t('skip');
  const nav = clear(document.getElementById('nav'));
  nav.setAttribute('aria-label', t('nav.label'));
  const account = clear(document.getElementById('account'));
  const user = currentUser();
  const links = [];
  if (hasRole('supervisor')) links.push(['/console/board', t('nav.board')], ['/console/review', t('nav.review')]);
  if (hasRole('agent')) links.push(['/console/tickets', hasRole('supervisor') ? t('nav.tickets') : t('nav.myTickets')]);
  if (hasRole('supervisor')) links.push(['/console/stats', t('nav.stats')]);
  if (hasRole('admin')) links.push(['/console/admin', t('nav.admin')], ['/console/models', t('nav.models')]);
  for (const [href, label] of links) {
    const current = location.pathname.startsWith(href);
    nav.append(h('a', { href, 'aria-current': current ? 'page' : null, text: label }));
  }
  const other = lang === 'fr' ? 'en' : 'fr';
  const switched = new URLSearchParams(location.search);
  switched.set('lang', other);
  account.append(h('a', { href: `${location.pathname}?${switched}`, lang: other, 'data-reload': true, text: t('lang.switch') }));
  if (user) {
    account.append(
      h('span', { class: 'who', text: t('signedInAs', { name: user.name, role: user.role }) }),
      h('button', { type: 'button', class: 'secondary', onclick: async () => { await signOut(); navigate('/console/signin'); }, text: t('signout') }));
  }
}

async function render() {
  if (cleanup) {
    cleanup();
    cleanup = null;
  }
  announce('');
  const generation = ++renders;
  const path = location.pathname.replace(/\/+$/, '') || '/console';
  const route = routes.find((r) => r.pattern.test(path));
  const signedIn = await restoreSession();
  if (generation !== renders) return; // the user moved on while the session was restored
  renderChrome();
  clear(main);
  if (!route) {
    main.append(h('h1', { text: t('notFound.title') }));
    return;
  }
  if (!route.anonymous && !signedIn) {
    navigate(`/console/signin?next=${encodeURIComponent(location.pathname + location.search)}`, { replace: true });
    return;
  }
  if (route.role && !hasRole(route.role)) {
    main.append(h('h1', { text: t('forbidden.title') }), h('p', { text: t('forbidden.text') }));
    return;
  }
  const params = path.match(route.pattern).slice(1).map(decodeURIComponent);
  // Each page draws into its own container: a page still loading when the user moves on draws into a detached one.
  const view = h('div', { class: 'view' });
  main.replaceChildren(view);
  const result = await route.page.render(view, { params, query: new URLSearchParams(location.search), navigate, announce, home });
  if (typeof result === 'function') {
    if (generation === renders) cleanup = result;
    else result();
  }
}

// Same-origin links inside the console change the page without a reload (the token stays in memory).
document.addEventListener('click', (event) => {
  const link = event.target.closest('a[href]');
  if (!link || link.hasAttribute('data-reload') || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
  const url = new URL(link.href);
  if (url.origin !== location.origin || !url.pathname.startsWith('/console')) return;
  event.preventDefault();
  navigate(url.pathname + url.search);
});
window.addEventListener('popstate', render);
window.addEventListener('session-ended', () => {
  if (!location.pathname.startsWith('/console/signin')) {
    navigate('/console/signin?expired=1', { replace: true });
  }
});

render();
