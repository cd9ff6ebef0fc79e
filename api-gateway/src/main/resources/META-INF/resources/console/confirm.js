// A confirmation in a modal <dialog> (not window.confirm): a title, what will happen, and two buttons,
// the safe one focused.
import { h } from './ui.js';

/**
 * Shows the dialog; resolves to true when the user picks the action, false on the other button or Escape.
 * A destructive action (danger) gets the danger style.
 */
export function confirmDialog({ title, text, yes, no, danger = false }) {
  return new Promise((resolve) => {
    const dialog = h('dialog', { id: 'confirm-dialog', 'aria-labelledby': 'confirm-title', 'aria-describedby': 'confirm-text' },
      h('h2', { id: 'confirm-title' }, title),
      h('p', { id: 'confirm-text' }, text),
      h('form', { method: 'dialog', class: 'actions' },
        h('button', { value: 'yes', id: 'confirm-yes', class: danger ? 'danger' : undefined }, yes),
        h('button', { value: 'no', id: 'confirm-no', class: 'secondary' }, no)));
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(dialog.returnValue === 'yes');
    });
    document.body.append(dialog);
    dialog.showModal();
    dialog.querySelector('#confirm-no').focus();
  });
}
