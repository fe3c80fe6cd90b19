// Register (with tribe), sign in, password reset request and the reset page the mailed
// link opens (/reset-password?token=...).
import { api } from '../api.js';
import { go, signedIn } from '../app.js';
import { act, alertBox, field, h, mount, say } from '../ui.js';

function form(heading, inputs, submitText, onsubmit, extra = []) {
  const submit = h('button', { type: 'submit' }, submitText);
  const f = h('form', { class: 'card narrow', novalidate: true,
    onsubmit: (ev) => { ev.preventDefault(); act(submit, () => onsubmit(f)); } },
  h('h1', {}, heading), inputs, submit, extra);
  return f;
}

const input = (name, type, attrs = {}) => h('input', { name, type, required: true, ...attrs });

export function login(main) {
  const f = form('Sign in', [
    field('Username', input('username', 'text', { autocomplete: 'username' })),
    field('Password', input('password', 'password', { autocomplete: 'current-password' })),
  ], 'Sign in', async (el) => {
    await api('POST', '/auth/login', { form: { username: el.username.value, password: el.password.value }, noCsrf: true });
    await signedIn();
    say(`Welcome, ${el.username.value}.`);
    const next = sessionStorage.getItem('after-login');
    sessionStorage.removeItem('after-login');
    go(next || '#/village');
  }, [h('p', {}, h('a', { href: '#/forgot' }, 'Forgot your password?'), ' · ',
    h('a', { href: '#/register' }, 'Create an account'))]);
  mount(main, f);
  f.username.focus();
}

export function register(main) {
  const tribe = h('fieldset', { class: 'tribes' }, h('legend', {}, 'Tribe'),
    ['romans', 'teutons', 'gauls'].map((t, i) => h('label', {},
      h('input', { type: 'radio', name: 'tribe', value: t, checked: i === 0 }), ` ${t[0].toUpperCase()}${t.slice(1)}`)));
  const f = form('Create an account', [
    field('Username (3–32 letters, digits, _)', input('username', 'text', { autocomplete: 'username', pattern: '[A-Za-z0-9_]{3,32}' })),
    field('E-mail', input('email', 'email', { autocomplete: 'email' })),
    field('Password (at least 8 characters)', input('password', 'password', { autocomplete: 'new-password', minlength: 8 })),
    tribe,
  ], 'Register', async (el) => {
    const body = { username: el.username.value, email: el.email.value,
      password: el.password.value, tribe: el.querySelector('input[name=tribe]:checked').value };
    await api('POST', '/auth/register', { body, noCsrf: true });
    await api('POST', '/auth/login', { form: { username: body.username, password: body.password }, noCsrf: true });
    await signedIn();
    say(`Welcome, ${body.username}: your capital is ready.`);
    go('#/village');
  }, [h('p', {}, h('a', { href: '#/login' }, 'I have an account'))]);
  mount(main, f);
  f.username.focus();
}

export function forgot(main) {
  const f = form('Reset your password', [
    field('E-mail of your account', input('email', 'email', { autocomplete: 'email' })),
  ], 'Send me a reset link', async (el) => {
    const reply = await api('POST', '/auth/password-reset-request', { body: { email: el.email.value }, noCsrf: true });
    mount(main, h('div', { class: 'card narrow' }, h('h1', {}, 'Check your mail'),
      h('p', {}, reply?.message || 'If the address is registered, a reset link is on its way.'),
      h('p', {}, h('a', { href: '#/login' }, 'Back to sign in'))));
  });
  mount(main, f);
  f.email.focus();
}

export function reset(main, token) {
  if (!token) {
    mount(main, h('p', { class: 'error' }, 'This link has no reset token. Request a new one.'),
      h('a', { href: '/#/forgot' }, 'Request a reset link'));
    return;
  }
  const f = form('Choose a new password', [
    field('New password (at least 8 characters)', input('password', 'password', { autocomplete: 'new-password', minlength: 8 })),
  ], 'Set password', async (el) => {
    await api('POST', '/auth/password-reset', { body: { token, new_password: el.password.value }, noCsrf: true });
    history.replaceState(null, '', '/#/login');
    alertBox('');
    say('Your password is changed. Sign in with it.');
    go('#/login');
  });
  mount(main, f);
  f.password.focus();
}
