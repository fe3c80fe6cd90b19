// Small DOM helpers: h() builds elements (from nodes and text only, so nothing a player types can
// become markup), one ticker drives every countdown and live counter on the page.
import { seconds } from './messages.js';

export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export function mount(parent, ...children) {
  parent.replaceChildren(...children.flat(Infinity).filter(Boolean));
  return parent;
}

let statusTimer = null;
export function say(text) {
  const el = document.getElementById('status');
  el.textContent = text;
  clearTimeout(statusTimer);
  statusTimer = setTimeout(() => { el.textContent = ''; }, 6000);
}

export function alertBox(text) {
  const el = document.getElementById('alert');
  el.hidden = !text;
  el.textContent = text || '';
}

export function countdown(iso, label = '') {
  return h('time', { class: 'countdown', datetime: iso, dataset: { until: iso, label } },
    remaining(iso));
}

function remaining(iso) {
  const s = (Date.parse(iso) - Date.now()) / 1000;
  return s <= 0 ? 'done' : seconds(Math.ceil(s));
}

const tickers = new Set();
/** fn() runs every second until it returns false or the element leaves the page. */
export function every(fn) { tickers.add(fn); }

setInterval(() => {
  for (const el of document.querySelectorAll('time[data-until]')) {
    el.textContent = remaining(el.dataset.until);
  }
  for (const fn of [...tickers]) {
    if (fn() === false) tickers.delete(fn);
  }
}, 1000);

export function field(label, input) {
  const id = input.id || `f-${Math.random().toString(36).slice(2, 9)}`;
  input.id = id;
  return h('div', { class: 'field' }, h('label', { for: id }, label), input);
}

export function button(text, onclick, attrs = {}) {
  return h('button', { type: 'button', ...attrs, onclick }, text);
}

/** Run an action from a button: disable it meanwhile, show failures in the alert. */
export async function act(btn, fn) {
  if (btn) btn.disabled = true;
  alertBox('');
  try {
    return await fn();
  } catch (err) {
    alertBox(err.text || String(err));
    return undefined;
  } finally {
    if (btn && btn.isConnected) btn.disabled = false;
  }
}

export const fmt = (n) => Math.floor(n).toLocaleString('en');
export const title = (s) => String(s).replaceAll('_', ' ').replace(/^./, (c) => c.toUpperCase());
