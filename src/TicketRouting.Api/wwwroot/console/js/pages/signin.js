import { signIn, signOut, hasRole } from '../api.js';
import { h, field } from '../dom.js';
import { t } from '../i18n.js';

export function render(main, { query, navigate, home }) {
  const username = h('input', { name: 'username', autocomplete: 'username', required: true, autocapitalize: 'none' });
  const password = h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const error = h('p', { class: 'error', role: 'alert' });
  const button = h('button', { type: 'submit', text: t('signin.submit') });
  const form = h('form', { class: 'card narrow', novalidate: true },
    h('h1', { text: t('signin.title') }),
    query.get('expired') ? h('p', { text: t('session.ended') }) : null,
    field(t('signin.username'), username),
    field(t('signin.password'), password),
    button, error);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    button.disabled = true;
    try {
      await signIn(username.value.trim(), password.value);
      if (!hasRole('agent')) {
        await signOut();
        error.textContent = t('signin.staffOnly');
        return;
      }
      const next = query.get('next');
      navigate(next && next.startsWith('/console/') && !next.startsWith('/console/signin') ? next : home());
    } catch (e) {
      error.textContent = e.message;
    } finally {
      button.disabled = false;
    }
  });
  main.append(form);
  username.focus();
}
