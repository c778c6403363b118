/* vfv respondent: the answers of one pair. The two cards are the answer
 * buttons: one tap on a card says "this one matters more" (the smallest
 * step towards it); where the scale has more steps, a row under the
 * chosen card names the item with each stronger step ("X är mycket
 * viktigare"). "Lika viktiga" and "Vet inte" stay below. */
(function () {
  'use strict';

  var h = window.vfv.dom.h;

  // answers builds the cards and the other answers for items a and b.
  // opts: steps, labels (texts per step), equal, skip ('' for none), t
  // (translations) and value (the answer given so far, or null).
  // onAnswer(v, decided) runs on each answer; decided is false only for a
  // card's first step where stronger steps follow.
  function answers(a, b, opts, onAnswer) {
    var t = opts.t, steps = opts.steps, controls = [];
    function control(v, cls, kids) {
      var el = h('button', {
        type: 'button', className: cls, 'data-value': v, 'aria-pressed': 'false',
        onclick: function () {
          mark(controls, v);
          onAnswer(v, v === 0 || v === 'skip' || Math.abs(v) === steps);
        }
      }, kids);
      controls.push(el);
      return el;
    }
    function side(it, s, sign) {
      var more = [];
      for (var k = 2; k <= steps; k++) {
        more.push(control(sign * k, 'more strength-' + k, t('r.item_is', { item: it.label, how: opts.labels[k - 1] })));
      }
      var desc = it.description ? h('p', { className: 'item-desc', id: 'vfv-desc-' + s }, it.description) : null;
      // On a phone the description waits behind "mer", so that a pair
      // fits the screen; on a tablet it is always shown (CSS).
      var toggle = desc ? h('button', {
        type: 'button', className: 'desc-toggle', 'aria-expanded': 'false', 'aria-controls': 'vfv-desc-' + s,
        onclick: function () {
          var open = toggle.getAttribute('aria-expanded') !== 'true';
          toggle.setAttribute('aria-expanded', String(open));
          el.classList.toggle('open', open);
        }
      }, t('r.more'), h('span', { className: 'vh' }, ': ' + it.label)) : null;
      var card = control(sign, 'item item-' + s,
        [window.vfv.dom.picture(it, 'pic'), h('span', { className: 'item-label', 'data-item': it.id }, it.label)]);
      card.setAttribute('data-item', it.id);
      var el = h('div', { className: 'side side-' + s },
        h('div', { className: 'card-row' }, card, toggle),
        desc,
        more.length ? h('div', { className: 'more-row', 'data-side': s }, more) : null);
      return el;
    }
    var box = h('div', { className: 'answers' },
      h('div', { className: 'cards' }, side(a, 'a', -1), h('p', { className: 'or', 'aria-hidden': 'true' }, t('r.or')), side(b, 'b', 1)),
      h('div', { className: 'others' },
        control(0, 'opt opt-equal', opts.equal),
        opts.skip ? control('skip', 'opt opt-skip', opts.skip) : null));
    mark(controls, opts.value);
    return box;
  }

  // mark shows the answer given: the card it favours, the named stronger
  // step if any, or "equal" / "can't decide"; the stronger steps show
  // under the chosen card only.
  function mark(controls, v) {
    controls.forEach(function (el) {
      var cv = el.getAttribute('data-value');
      var on = typeof v === 'number' && el.classList.contains('item') ? (Number(cv) < 0 ? v < 0 : v > 0) : cv === String(v);
      el.setAttribute('aria-pressed', on ? 'true' : 'false');
      el.classList.toggle('chosen', on);
    });
    controls.forEach(function (el) {
      var row = el.closest('.more-row');
      if (!row) return;
      var s = row.getAttribute('data-side');
      row.hidden = !(typeof v === 'number' && (s === 'a' ? v < 0 : v > 0));
    });
  }

  window.vfv.pair = { answers: answers };
})();
