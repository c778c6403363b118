/* vfv respondent: the kiosk's "Är du kvar?" dialog. Before a shared
 * tablet clears someone's answers after idle time it asks, with a
 * countdown and a big button to go on. */
(function () {
  'use strict';

  var h = window.vfv.dom.h;
  var el = null;

  // show opens the dialog (or updates it) with left seconds; t words the
  // texts, onContinue runs when the respondent is still there.
  function show(left, t, onContinue) {
    if (!el) {
      el = h('dialog', { className: 'still', id: 'vfv-still', role: 'alertdialog', 'aria-labelledby': 'vfv-still-h', 'aria-describedby': 'vfv-still-left' },
        h('h2', { id: 'vfv-still-h' }, t('r.still_title')),
        h('p', { className: 'still-n', 'aria-hidden': 'true' }),
        h('p', { id: 'vfv-still-left', className: 'still-left' }),
        h('div', { className: 'actions' }, h('button', {
          type: 'button', className: 'button still-continue',
          onclick: function () { close(); onContinue(); }
        }, t('r.still_continue'))));
      el.addEventListener('close', function () { close(); onContinue(); });
      document.body.append(el);
      el.showModal();
    }
    el.querySelector('.still-n').textContent = String(left);
    el.querySelector('.still-left').textContent = t('r.still_left', { n: left });
  }

  function close() {
    if (!el) return;
    var d = el;
    el = null;
    if (d.open) d.close();
    d.remove();
  }

  window.vfv.still = { show: show, close: close };
})();
