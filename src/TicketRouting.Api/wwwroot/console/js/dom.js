// Every page builds its DOM with h(): text always goes in as text nodes or textContent, never as markup,
// so a ticket subject like <img onerror=…> shows as those characters and never runs (see the XSS test).

const PROPERTIES = new Set(['value', 'checked', 'disabled', 'selected', 'hidden', 'min', 'max', 'low', 'high', 'optimum']);

export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'innerHTML' || key === 'outerHTML') throw new Error('markup is not allowed: use text');
    if (key === 'class') el.className = value;
    else if (key === 'text') el.textContent = String(value);
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2).toLowerCase(), value);
    else if (PROPERTIES.has(key)) el[key] = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function clear(el) {
  el.replaceChildren();
  return el;
}

let uid = 0;
/** A labelled form field: the label's text is the input's accessible name. */
export function field(labelText, control) {
  control.id ||= `f${++uid}`;
  return h('div', { class: 'field' }, h('label', { for: control.id, text: labelText }), control);
}

export function select(options, value, props = {}) {
  return h('select', props, options.map(([v, label]) => h('option', { value: String(v), selected: String(v) === String(value ?? ''), text: label })));
}

/**
 * A bar for a ratio: <meter> has a role and a value browsers and screen readers understand. A load turns
 * amber near its maximum; a score (higherIsBetter) does not.
 */
export function bar(value, max, label, { higherIsBetter = false } = {}) {
  const top = Math.max(max, 1);
  const range = higherIsBetter ? { optimum: top } : { high: top * 0.8, optimum: 0 };
  return h('meter', { min: 0, max: top, value: Math.min(value, top), ...range, 'aria-label': label, title: label });
}
