/* vfv respondent: the language choice at the start of a shared tablet.
 * One big button per language of the survey, each named in its own
 * language (never a flag: languages are not countries), the device's
 * preferred language first and marked. Beside each, "Lyssna" in that
 * language reads the name aloud where the browser has a voice for it. */
(function () {
  'use strict';

  var h = window.vfv.dom.h;

  // order lists codes with first (the device's preferred offered
  // language) at the front and the others in the survey's order.
  function order(codes, first) {
    var out = codes.indexOf(first) >= 0 ? [first] : [];
    codes.forEach(function (c) { if (c !== first) out.push(c); });
    return out;
  }

  // screen returns the language screen. opts: codes (the survey's
  // languages), first (the preferred one), texts (vfv-texts: names and
  // each language's interface texts), heading (the screen's h1), onChoose
  // (called with the chosen code).
  function screen(opts) {
    var rows = order(opts.codes, opts.first).map(function (code) {
      var lt = opts.texts.langs[code];
      var name = (opts.texts.names && opts.texts.names[code]) || code;
      var pick = h('button', {
        type: 'button', className: 'button lang-pick' + (code === opts.first ? ' preferred' : ''),
        'data-lang': code, dir: lt.survey.dir, onclick: function () { opts.onChoose(code); }
      }, name);
      var say = window.vfv.voice.button([{ text: name }], code, lt.ui['r.listen'], lt.ui['r.listen_stop']);
      if (say) {
        say.setAttribute('aria-label', lt.ui['r.listen'] + ': ' + name);
        say.setAttribute('dir', lt.survey.dir);
      }
      // The row keeps the page's direction so that every button lines up;
      // each button reads in its own.
      return h('li', { className: 'lang-row', lang: code }, pick, say);
    });
    return h('section', { className: 'screen screen-lang', 'data-screen': 'lang', 'aria-labelledby': 'vfv-h' },
      h('h1', { id: 'vfv-h', tabindex: -1 }, opts.heading),
      h('ul', { className: 'lang-list', role: 'list' }, rows));
  }

  window.vfv.langs = { screen: screen, order: order };
})();
