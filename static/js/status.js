/* vfv respondent: saying where answers are. The trust agent sees at the
 * foot of the screen how many responses wait to be sent (and, on a kiosk,
 * how many this tablet has sent); the respondent reads on the thank-you
 * whether their own answer is sent or waiting, and what to do. */
(function () {
  'use strict';

  // pending shows the counts in el for the agent.
  function pending(el, queue, t, kiosk, waiting, dropped) {
    var parts = [];
    if (kiosk) parts.push(t('r.kiosk_sent', { n: queue.sent() }));
    if (waiting) parts.push(t('r.pending', { n: waiting }));
    if (dropped) parts.push(t('r.dropped', { n: dropped }));
    el.textContent = parts.join(' · ');
    el.setAttribute('data-count', String(waiting));
    el.setAttribute('data-dropped', String(dropped));
    el.setAttribute('data-sent', String(queue.sent()));
  }

  // answer says plainly in el (the thank-you's status line) whether the
  // response id is sent, being sent, refused, or waiting for a connection.
  function answer(el, queue, id, t) {
    if (!el || !id) return;
    var st = queue.status(id);
    if (st === 'pending') st = navigator.onLine === false || queue.tried(id) ? 'waiting' : 'sending';
    var key = { done: 'r.sent', drop: 'r.refused', waiting: 'r.waiting', sending: 'r.sending' }[st];
    if (!key) return;
    el.setAttribute('data-state', st);
    el.textContent = t(key);
  }

  window.vfv.status = { pending: pending, answer: answer };
})();
