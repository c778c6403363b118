/* vfv respondent: the whole survey runs here, from the data the server
 * embedded in the page, with no server round-trip between screens:
 * intro → pairs → background questions (or these before the pairs, as
 * the survey says) → open question → thank you.
 *
 * The answers in progress are kept in localStorage (and nothing else about
 * the respondent); a finished response goes to the offline queue
 * (queue.js). In kiosk mode the tablet returns to a clean start after each
 * respondent and after idle time. History is only ever replaced, never
 * pushed, so the browser's back button cannot reach earlier answers.
 *
 * A preview (/preview/{survey}, <body data-preview>) runs the same flow
 * with a banner on every screen, finishes locally with the thank-you and
 * never touches the queue: nothing is sent, so nothing can be stored.
 *
 * Helpers live in their own files, loaded before this one: dom.js
 * (elements), pair.js (a pair's answers), voice.js ("Lyssna"), top.js
 * (the respondent's top three), kiosk.js ("Är du kvar?"), plans.js (pair
 * plans for the next respondents), status.js
 * (sent or waiting), langs.js (a kiosk's language screen) and queue.js
 * (storage and sending). */
(function () {
  'use strict';

  var vfv = window.vfv;
  var h = vfv.dom.h, paragraphs = vfv.dom.paragraphs, button = vfv.dom.button;
  var data = JSON.parse(document.getElementById('vfv-data').textContent);
  var texts = JSON.parse(document.getElementById('vfv-texts').textContent);
  var preview = document.body.hasAttribute('data-preview');
  var code = data.campaign;
  // A preview keeps its progress apart from every campaign's.
  var PROGRESS = preview ? 'vfv.preview.' + data.survey : 'vfv.progress.' + code;
  var THANKS_SECONDS = 10; // a kiosk shows the thank-you this long
  var STILL_SECONDS = 20; // "are you still there?" counts down this long
  var main = document.getElementById('main');
  var pendingEl = document.getElementById('vfv-pending');

  var queue = preview ? null : new vfv.Queue('/api/v1/responses', showPending);
  var lastSent = null; // the id of the response finished last on this page
  var top = []; // its top three, kept only on the screen
  var plans = new vfv.Plans(data); // pair plans for the next respondents (plans.js)
  var lastActivity = Date.now();
  var DECIDED_MS = 700; // a decided answer stays on screen this long
  var FIRST_STEP_MS = 2200; // time to tap a stronger step after a card
  var advanceTimer = 0;
  // A shared tablet whose survey has several languages starts each
  // respondent on the language screen (langs.js); a personal phone starts
  // in the device's language with the small switcher in the header.
  var ASK_LANG = !!data.kiosk && !preview && (data.languages || []).length > 1;
  var state = restore() || fresh(data.pairs, data.lang);
  var choosing = ASK_LANG && state.step === 0; // on the language screen

  // --- state -------------------------------------------------------------

  function fresh(pairs, lang) {
    return {
      v: 1, version: data.version, id: vfv.uuid(), lang: lang, step: 0,
      bg: {}, ans: pairs.map(function () { return null; }), story: '',
      pairs: pairs, done: false, t: Date.now()
    };
  }

  // restore returns the answers in progress kept on this device, unless
  // they are for another survey version or too old (someone else's).
  function restore() {
    var s = vfv.storage.get(PROGRESS);
    var maxAge = (data.kiosk ? data.idle_seconds : 3600) * 1000;
    if (!s || s.v !== 1 || s.version !== data.version || !Array.isArray(s.pairs) ||
        !Array.isArray(s.ans) || s.ans.length !== s.pairs.length || typeof s.step !== 'number' ||
        !texts.langs[s.lang] || !(Date.now() - s.t <= maxAge)) {
      vfv.storage.del(PROGRESS);
      return null;
    }
    s.done = false;
    s.step = Math.min(Math.max(0, s.step), data.background.length + s.pairs.length + (data.story ? 1 : 0));
    return s;
  }

  function save() {
    if (state.done) return;
    state.t = Date.now();
    if (state.step === 0) vfv.storage.del(PROGRESS);
    else vfv.storage.set(PROGRESS, state);
  }

  // screens lists every screen before the thank-you.
  function screens() {
    var list = [{ kind: 'intro' }];
    var bg = data.background.map(function (_, i) { return { kind: 'bg', i: i }; });
    var pairs = state.pairs.map(function (_, i) { return { kind: 'pair', i: i }; });
    // Background questions come after the pairs unless the survey says
    // background_position: first.
    list = list.concat(texts.background_first ? bg.concat(pairs) : pairs.concat(bg));
    if (data.story) list.push({ kind: 'story' });
    return list;
  }

  // --- texts -------------------------------------------------------------

  function L() { return texts.langs[state.lang] || texts.langs[data.lang]; }
  function S() { return L().survey; }

  function t(key, vars) {
    var s = L().ui[key] || key;
    return s.replace(/\{(\w+)\}/g, function (m, k) { return vars && k in vars ? String(vars[k]) : m; });
  }

  function item(id) {
    var items = S().items;
    for (var i = 0; i < items.length; i++) if (items[i].id === id) return items[i];
    return { id: id, label: id };
  }

  // --- DOM ---------------------------------------------------------------

  function actions(back, next) {
    return h('div', { className: 'actions' }, back, next);
  }

  function backButton() {
    return button(t('r.back'), function () { go(state.step - 1); }, 'secondary back');
  }

  // listen is the screen's "Lyssna" button for chunks ({text, audio}),
  // or nothing when none of them can be read aloud (voice.js).
  function listen(chunks) {
    return vfv.voice.button(chunks, state.lang, t('r.listen'), t('r.listen_stop'));
  }

  // tools is the row at the top of a screen: progress (if any) and "Lyssna".
  function tools(prog, chunks) {
    var slot = h('div', { className: 'listen-slot' }, listen(chunks));
    slot.vfvChunks = chunks;
    return h('div', { className: 'tools' }, prog, slot);
  }

  function progress(n, total) {
    var label = t('r.progress', { n: n, total: total });
    var bar = h('div', {
      className: 'progress', role: 'progressbar', 'aria-label': label,
      'aria-valuemin': 0, 'aria-valuemax': total, 'aria-valuenow': n
    }, h('span', { className: 'progress-fill' }));
    bar.firstChild.style.width = (100 * n / total) + '%';
    return h('div', { className: 'progress-wrap' }, bar, h('p', { className: 'progress-text', 'aria-hidden': 'true' }, label));
  }

  function heading(text) {
    return h('h1', { id: 'vfv-h', tabindex: -1 }, text);
  }

  function screen(kind, kids) {
    return h('section', { className: 'screen screen-' + kind, 'data-screen': kind, 'aria-labelledby': 'vfv-h' }, kids);
  }

  // --- screens -----------------------------------------------------------

  function introScreen() {
    return screen('intro', [
      tools(null, [{ text: S().title }, { text: S().intro, audio: S().intro_audio }]),
      heading(S().title),
      h('div', { className: 'intro' }, paragraphs(S().intro)),
      actions(null, button(t('r.start'), function () { go(1); }, 'next'))
    ]);
  }

  // langScreen is a kiosk's first screen: the respondent picks the
  // language; the survey then starts in it.
  function langScreen() {
    return vfv.langs.screen({
      codes: data.languages, first: texts.start, texts: texts, heading: t('r.choose_language'),
      onChoose: function (lang) {
        choosing = false;
        state.lang = lang;
        render(true);
      }
    });
  }

  function choice(name, value, label, checked, onchange, extra) {
    return h('label', { className: 'choice ' + (extra || ''), 'data-value': value },
      h('input', { type: 'radio', name: name, value: value, checked: checked, autocomplete: 'off', onchange: onchange }),
      h('span', { className: 'mark', 'aria-hidden': 'true' }),
      h('span', { className: 'choice-text' }, label));
  }

  function bgScreen(i, n, total) {
    var q = S().background[i];
    var next = button(t(state.bg[q.id] ? 'r.next' : 'r.skip_question'), function () { go(state.step + 1); }, 'next');
    function onchange(e) {
      state.bg[q.id] = e.target.value;
      save();
      next.textContent = t('r.next');
    }
    return screen('bg', [
      tools(progress(n, total), [{ text: q.label, audio: q.audio }].concat(q.answers.map(function (a) { return { text: a.label }; }))),
      h('fieldset', { className: 'choices', 'aria-describedby': 'vfv-why vfv-hint' },
        h('legend', null, heading(q.label)),
        h('p', { id: 'vfv-why', className: 'why' }, t('r.bg_why')),
        h('p', { id: 'vfv-hint', className: 'hint' }, t('r.optional')),
        q.answers.map(function (a) { return choice('bg', a.id, a.label, state.bg[q.id] === a.id, onchange); })),
      actions(backButton(), next)
    ]);
  }

  // pairScreen asks which of two items matters more. One tap on a card
  // answers "this one matters more" (the smallest step towards it); where
  // the scale has more steps, a row under the chosen card names the item
  // with each stronger step ("X är mycket viktigare"). A decided answer
  // moves on by itself after a moment, so that the respondent sees it;
  // Back brings the pair back with its answer.
  function pairScreen(i, n, total, last) {
    var a = item(state.pairs[i][0]), b = item(state.pairs[i][1]);
    var error = h('p', { className: 'error', id: 'vfv-error', role: 'alert' });
    var answers = vfv.pair.answers(a, b, {
      steps: data.steps, labels: S().scale.labels, equal: S().scale.equal,
      skip: data.allow_skip ? S().scale.skip : '', t: t, value: state.ans[i]
    }, function (v, decided) {
      state.ans[i] = v;
      error.textContent = '';
      save();
      // The last screen sends: that stays a deliberate tap.
      if (!last) advanceLater(state.step, decided ? DECIDED_MS : FIRST_STEP_MS);
    });
    var next = button(t(last ? 'r.send' : 'r.next'), function () {
      if (state.ans[i] === null) { error.textContent = t('r.choose'); return; }
      go(state.step + 1);
    }, 'next');
    return screen('pair', [
      tools(progress(n, total), [{ text: S().prompt || t('r.pair_legend', { a: a.label, b: b.label }) },
        { text: a.label + '. ' + (a.description || ''), audio: a.audio }, { text: t('r.or') },
        { text: b.label + '. ' + (b.description || ''), audio: b.audio }]),
      heading(S().prompt || t('r.pair_legend', { a: a.label, b: b.label })),
      h('div', { className: 'pair', role: 'group', 'aria-labelledby': 'vfv-h', 'aria-describedby': 'vfv-tap vfv-error' },
        h('p', { id: 'vfv-tap', className: 'hint' }, t('r.tap_hint')),
        answers),
      error,
      actions(backButton(), next)
    ]);
  }

  // advanceLater moves on from screen step after ms, unless the
  // respondent has gone elsewhere or answered again in the meantime.
  function advanceLater(step, ms) {
    clearTimeout(advanceTimer);
    advanceTimer = setTimeout(function () {
      advanceTimer = 0;
      if (!state.done && state.step === step) go(step + 1);
    }, ms);
  }

  function storyScreen(n, total) {
    var st = S().story, max = st.max_length || 2000;
    var count = h('p', { id: 'vfv-count', className: 'hint' });
    var area = h('textarea', {
      id: 'vfv-story', rows: 6, maxlength: max, autocomplete: 'off',
      'aria-describedby': st.help ? 'vfv-help vfv-count' : 'vfv-count',
      oninput: function () { state.story = area.value; save(); counted(); }
    });
    area.value = state.story;
    function counted() { count.textContent = t('r.story_count', { n: max - area.value.length }); }
    counted();
    return screen('story', [
      tools(progress(n, total), [{ text: st.label + '\n' + (st.help || ''), audio: st.audio }]),
      h('h1', { id: 'vfv-h', tabindex: -1 }, h('label', { for: 'vfv-story' }, st.label)),
      st.help ? h('p', { id: 'vfv-help', className: 'help' }, st.help) : null,
      area, count,
      actions(backButton(), button(t('r.send'), function () { go(state.step + 1); }, 'next'))
    ]);
  }

  // thanksScreen thanks, shows the respondent's own top three (computed
  // here, never sent), says where and when the results will be shown,
  // and whether the answer has been sent or waits for a connection.
  function thanksScreen() {
    var topItems = top.map(item);
    var chunks = [{ text: t('r.thanks_title') }, { text: S().thank_you, audio: S().thank_you_audio }];
    if (topItems.length) {
      chunks.push({ text: t('r.top_title') });
      topItems.forEach(function (it) { chunks.push({ text: it.label, audio: it.audio }); });
    }
    if (data.results_note) chunks.push({ text: data.results_note });
    return screen('thanks', [
      tools(null, chunks),
      heading(t('r.thanks_title')),
      paragraphs(S().thank_you),
      topItems.length ? h('section', { className: 'top', 'aria-labelledby': 'vfv-top-h' },
        h('h2', { id: 'vfv-top-h' }, t('r.top_title')),
        h('ol', { className: 'top-list' }, topItems.map(function (it) {
          return h('li', { 'data-item': it.id },
            h('span', { className: 'top-row' }, vfv.dom.picture(it, 'pic'), h('span', { className: 'top-label' }, it.label)));
        })),
        h('p', { className: 'hint' }, t('r.top_note'))) : null,
      data.results_note ? h('p', { className: 'results-note', dir: 'auto' }, data.results_note) : null,
      preview ? null : h('p', { id: 'vfv-status', className: 'status', role: 'status' }),
      preview ? h('p', { className: 'notice preview-done' }, t('r.preview_done')) : null,
      preview ? actions(null, button(t('r.preview_again'), reset, 'next')) : null,
      data.kiosk ? actions(null, button(t('r.next_person'), reset, 'next')) : null
    ]);
  }

  // --- flow --------------------------------------------------------------

  function render(focus) {
    clearTimeout(advanceTimer);
    vfv.voice.stop();
    var list = screens();
    var total = list.length - 1;
    var sc = state.done ? { kind: 'thanks' } : choosing && state.step === 0 ? { kind: 'lang' } : list[state.step];
    var el;
    switch (sc.kind) {
      case 'lang': el = langScreen(); break;
      case 'intro': el = introScreen(); break;
      case 'bg': el = bgScreen(sc.i, state.step, total); break;
      case 'pair': el = pairScreen(sc.i, state.step, total, state.step === total); break;
      case 'story': el = storyScreen(state.step, total); break;
      default: el = thanksScreen();
    }
    main.replaceChildren(el);
    applyLang(sc.kind === 'lang');
    if (focus) document.getElementById('vfv-h').focus();
  }

  function go(step) {
    var total = screens().length - 1;
    if (step > total) return finish();
    state.step = Math.max(0, step);
    save();
    render(true);
    window.scrollTo(0, 0);
  }

  // finish queues the response (a preview's goes nowhere), forgets the
  // answers and says thank you.
  function finish() {
    top = vfv.topThree(state.pairs, state.ans, S().items.map(function (it) { return it.id; }));
    lastSent = preview ? null : state.id;
    if (!preview) queue.add(responseBody());
    vfv.storage.del(PROGRESS);
    state = { lang: state.lang, done: true, step: 0, pairs: [], bg: {}, ans: [], story: '' };
    render(true);
    window.scrollTo(0, 0);
    lastActivity = Date.now();
  }

  // responseBody is the submission of the answers in state.
  function responseBody() {
    var judgments = [];
    state.pairs.forEach(function (p, i) {
      var v = state.ans[i];
      if (v === 'skip') judgments.push({ a: p[0], b: p[1], skip: true });
      else if (typeof v === 'number') judgments.push({ a: p[0], b: p[1], value: v });
    });
    var body = {
      id: state.id, campaign: code, lang: state.lang, version: data.version,
      background: state.bg, judgments: judgments
    };
    if (state.story.trim()) body.story = state.story.trim();
    return body;
  }

  // reset gives the tablet to the next person: nothing of the previous
  // respondent stays on the screen, in storage or in the history.
  function reset() {
    vfv.still.close();
    top = [];
    lastSent = null;
    vfv.storage.del(PROGRESS);
    if (plans.stale && navigator.onLine !== false) {
      window.location.replace(here());
      return;
    }
    history.replaceState(null, '', here());
    // A preview starts again in the language being looked at.
    state = fresh(plans.next(), preview ? state.lang : texts.start);
    choosing = ASK_LANG;
    render(true);
    window.scrollTo(0, 0);
    lastActivity = Date.now();
    plans.refill();
  }

  // here is the survey's address without anything a respondent added,
  // keeping only kiosk=1 for a tablet started as a kiosk by staff.
  function here() {
    return window.location.pathname + (data.kiosk_exit ? '?kiosk=1' : '');
  }

  function setLang(lang) {
    if (!texts.langs[lang] || lang === state.lang) return;
    state.lang = lang;
    save();
    render(true);
  }

  // applyLang sets the page's language and direction; on the language
  // screen (choosingLang) the header's small switcher is hidden, the big
  // buttons replace it.
  function applyLang(choosingLang) {
    var root = document.documentElement;
    root.lang = state.lang;
    root.dir = S().dir;
    document.title = preview ? t('r.preview') + ': ' + S().title : S().title;
    document.getElementById('vfv-title').textContent = S().title;
    if (preview) {
      document.getElementById('vfv-preview').textContent = t('r.preview');
      document.getElementById('vfv-preview-exit').textContent = t('r.preview_exit');
    }
    var nav = document.getElementById('vfv-langs');
    if (nav) {
      nav.hidden = !!choosingLang;
      nav.setAttribute('aria-label', t('r.language'));
      nav.querySelectorAll('button[data-lang]').forEach(function (b) {
        if (b.getAttribute('data-lang') === state.lang) b.setAttribute('aria-current', 'true');
        else b.removeAttribute('aria-current');
      });
    }
    if (queue) showPending(queue.items().length, queue.dropped());
  }

  // showPending updates the count of responses waiting (and, on a kiosk,
  // sent) for the trust agent and the thank-you's word on this answer.
  function showPending(waiting, dropped) {
    vfv.status.pending(pendingEl, queue, t, data.kiosk, waiting, dropped);
    showStatus();
  }

  function showStatus() {
    vfv.status.answer(document.getElementById('vfv-status'), queue, lastSent, t);
  }

  // kiosk returns to the start after the thank-you and after idle time.
  // Before it clears someone's answers it asks "Are you still there?" with
  // a countdown, and resets only when that runs out.
  function kiosk() {
    var countdown = Math.min(STILL_SECONDS, data.idle_seconds);
    ['pointerdown', 'keydown', 'input', 'touchstart'].forEach(function (ev) {
      document.addEventListener(ev, function () { lastActivity = Date.now(); }, { capture: true, passive: true });
    });
    setInterval(function () {
      var idle = (Date.now() - lastActivity) / 1000;
      var answering = !state.done && state.step > 0;
      if (!answering || idle < data.idle_seconds) vfv.still.close();
      if (state.done && idle >= Math.min(THANKS_SECONDS, data.idle_seconds)) reset();
      else if (answering && idle >= data.idle_seconds + countdown) reset();
      else if (answering && idle >= data.idle_seconds) {
        vfv.still.show(Math.ceil(data.idle_seconds + countdown - idle), t, function () { lastActivity = Date.now(); });
      } else if (!state.done && (state.lang !== texts.start || choosing !== ASK_LANG) && idle >= data.idle_seconds) {
        // Nobody started: only the language (screen) goes back.
        state.lang = texts.start;
        choosing = ASK_LANG;
        render(false);
      }
    }, 1000);
  }

  function start() {
    var nav = document.getElementById('vfv-langs');
    if (nav) {
      nav.addEventListener('click', function (e) {
        var b = e.target.closest('button[data-lang]');
        if (b) setLang(b.getAttribute('data-lang'));
      });
    }
    render(false);
    preload();
    vfv.voice.onChange(refreshListen);
    if (data.kiosk) kiosk();
    if (data.kiosk_exit) staffExit();
    // A page brought back from the back-forward cache must not show the
    // answers of someone who has finished or left.
    window.addEventListener('pageshow', function (e) {
      if (!e.persisted) return;
      state = restore() || fresh(plans.next(), data.kiosk ? texts.start : state.lang);
      choosing = ASK_LANG && state.step === 0;
      render(false);
    });
    if (preview) return; // nothing to send, nothing to keep offline
    window.addEventListener('online', function () { queue.flush(true); plans.refill(); });
    window.addEventListener('offline', showStatus);
    document.addEventListener('visibilitychange', function () {
      if (document.visibilityState === 'visible') queue.flush(false);
    });
    queue.flush(false);
    if ('serviceWorker' in navigator) {
      navigator.serviceWorker.register('/s/sw.js', { scope: '/s/' }).catch(function () { /* works without */ });
    }
  }

  // preload fetches every pictogram of the survey now, while there is a
  // connection, so that a card or the top three never lacks its picture
  // offline (the service worker and the browser keep them: their URLs
  // never change).
  function preload() {
    S().items.forEach(function (it) {
      if (it.image) new Image().src = it.image;
    });
  }

  // refreshListen puts the "Lyssna" button on the screen when the
  // browser's voices arrive after the screen was drawn.
  function refreshListen() {
    var slot = main.querySelector('.listen-slot');
    if (slot && !slot.firstChild) slot.replaceChildren(listen(slot.vfvChunks) || '');
  }

  // staffExit puts a discreet way out for the staff on a tablet they
  // started as a kiosk: it leads to the login, never to a staff page.
  function staffExit() {
    var foot = document.querySelector('.r-foot');
    if (!foot || document.getElementById('vfv-exit')) return;
    var a = h('a', { id: 'vfv-exit', className: 'kiosk-exit', href: data.kiosk_exit }, t('r.kiosk_exit'));
    foot.prepend(a);
  }

  start();
})();
