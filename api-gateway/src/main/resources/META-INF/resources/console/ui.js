// Small DOM helpers: elements are built with text nodes only (no HTML from data).

/** Builds an element: h('a', {href: '#'}, 'text', child...). Attributes starting with "on" are listeners. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) el.addEventListener(name.slice(2), value);
    else if (name === 'dataset') Object.assign(el.dataset, value);
    else el.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** A table with a header row and one row per item. */
export function table(label, columns, items, row) {
  return h('div', { class: 'scroll' }, h('table', {},
    h('caption', { class: 'sr-only' }, label),
    h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, items.map((item) => h('tr', {}, row(item).map((cell) => h('td', {}, cell)))))));
}

/** A progress bar with its text. */
export function progress(fraction, label) {
  const pct = Math.max(0, Math.min(100, Math.round((fraction || 0) * 100)));
  return h('div', { class: 'progress' },
    h('progress', { max: '100', value: String(pct), 'aria-label': label }),
    h('span', { class: 'pct' }, `${pct} %`));
}

/**
 * Shows an API error inline: each violation next to the field it names (data-error-for), the rest in
 * the form's general error line.
 */
export function showProblem(form, error) {
  form.querySelectorAll('[data-error-for]').forEach((el) => { el.textContent = ''; });
  form.querySelectorAll('[aria-invalid]').forEach((el) => el.removeAttribute('aria-invalid'));
  const general = form.querySelector('[data-error-for=""]');
  const violations = error?.problem?.violations || [];
  const left = [];
  for (const v of violations) {
    const name = (v.field || '').split('.').pop();
    const input = name && form.querySelector(`[name="${CSS.escape(name)}"]`);
    if (input) {
      input.setAttribute('aria-invalid', 'true');
      let slot = form.querySelector(`[data-error-for="${CSS.escape(name)}"]`);
      if (!slot) {
        slot = h('p', { class: 'error', dataset: { errorFor: name }, id: `err-${name}` });
        input.insertAdjacentElement('afterend', slot);
        input.setAttribute('aria-describedby', `err-${name}`);
      }
      slot.textContent = v.message;
    } else {
      left.push(v.field ? `${v.field}: ${v.message}` : v.message);
    }
  }
  if (general) general.textContent = left.length ? left.join('; ') : (violations.length ? '' : error.message);
}

/** Clears a form's inline errors. */
export function clearProblem(form) {
  showProblem(form, { problem: { violations: [] }, message: '' });
}

/** Formats a number with a fixed count of decimals, or a dash. */
export function fmt(value, digits = 3) {
  return value === undefined || value === null || Number.isNaN(value) ? '–' : Number(value).toFixed(digits);
}

/** Formats a fraction as a percentage. */
export function pct(value) {
  return value === undefined || value === null ? '–' : `${(value * 100).toFixed(1)} %`;
}

/** Formats an instant as local time. */
export function when(instant) {
  return instant ? new Date(instant).toLocaleString() : '–';
}

/** Formats seconds as m:ss. */
export function duration(seconds) {
  if (seconds === undefined || seconds === null || !Number.isFinite(seconds)) return '–';
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
