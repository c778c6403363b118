/* vfv respondent: building the screens' elements. Text always goes in as
 * text, never as HTML. */
(function () {
  'use strict';

  // h builds an element: props are attributes, "text", "className" and
  // on<event> listeners; the other arguments are its children.
  function h(tag, props) {
    var el = document.createElement(tag);
    Object.keys(props || {}).forEach(function (k) {
      var v = props[k];
      if (v === null || v === undefined || v === false) return;
      if (k === 'text') el.textContent = v;
      else if (k.slice(0, 2) === 'on') el.addEventListener(k.slice(2), v);
      else el.setAttribute(k === 'className' ? 'class' : k, v === true ? '' : String(v));
    });
    for (var i = 2; i < arguments.length; i++) append(el, arguments[i]);
    return el;
  }

  function append(el, kid) {
    if (kid === null || kid === undefined || kid === false) return;
    if (Array.isArray(kid)) kid.forEach(function (k) { append(el, k); });
    else el.append(kid);
  }

  // paragraphs makes one <p> per non-empty line of text.
  function paragraphs(text, cls) {
    return String(text || '').split('\n').filter(function (l) { return l.trim(); })
      .map(function (l) { return h('p', { className: cls }, l.trim()); });
  }

  function button(label, onclick, cls) {
    return h('button', { type: 'button', className: 'button ' + (cls || ''), onclick: onclick }, label);
  }

  // picture is an item's pictogram: decoration beside its label, which
  // names it (alt=""), or nothing when the item has none.
  function picture(it, cls) {
    if (!it.image) return null;
    return h('img', { className: cls || 'pic', src: it.image, alt: '', width: 64, height: 64, decoding: 'async' });
  }

  window.vfv.dom = { h: h, append: append, paragraphs: paragraphs, button: button, picture: picture };
})();
