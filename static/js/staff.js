// staff.js: small enhancements of the staff pages. Every page works
// without it; this file only adds the live response count, narrows the
// campaign form's choices to what fits, asks before irreversible actions
// and prints the poster. No inline script anywhere: the pages run under
// Content-Security-Policy script-src 'self'.
(function () {
  'use strict';

  // csrfToken is the session's token for state-changing fetch calls
  // (header X-CSRF-Token); forms carry it as the hidden field "csrf".
  function csrfToken() {
    var m = document.querySelector('meta[name="csrf-token"]');
    return m ? m.content : '';
  }
  window.vfvStaff = { csrfToken: csrfToken };

  // live polls the campaign's counts and updates the numbers in place. It
  // pauses while the tab is hidden and asks at once when it is shown again.
  function live(box) {
    var code = box.dataset.code;
    var every = parseInt(box.dataset.interval, 10) || 5000;
    var status = document.getElementById('live-status');
    var timer = null, busy = false, stopped = false;

    function setText(node, text) {
      if (node && node.textContent !== text) node.textContent = text;
    }
    function show(c) {
      setText(box.querySelector('[data-count="total"]'), String(c.total));
      setText(box.querySelector('[data-count="today"]'), String(c.today));
      (c.background || []).forEach(function (q) {
        (q.answers || []).forEach(function (a) {
          var cell = box.querySelector('[data-answer="' + CSS.escape(q.question + '/' + a.answer) + '"]');
          if (!cell) return;
          cell.classList.toggle('suppressed', a.suppressed);
          setText(cell, a.suppressed ? box.dataset.suppressed : String(a.count));
        });
      });
    }
    function say(text) {
      if (status) status.textContent = text;
    }
    function poll() {
      if (busy || stopped) return;
      busy = true;
      fetch('/api/v1/campaigns/' + encodeURIComponent(code), {
        credentials: 'same-origin', cache: 'no-store', headers: { Accept: 'application/json' }
      }).then(function (r) {
        if (r.status === 401) {
          stopped = true;
          stop();
        }
        if (!r.ok) throw new Error('HTTP ' + r.status);
        return r.json();
      }).then(function (j) {
        if (j.counts) show(j.counts);
        var time = new Date().toLocaleTimeString(document.documentElement.lang || 'sv',
          { hour: '2-digit', minute: '2-digit', second: '2-digit' });
        say(box.dataset.updated.replace('{time}', time));
      }).catch(function () {
        say(stopped ? box.dataset.expired : box.dataset.failed);
      }).then(function () {
        busy = false;
      });
    }
    function start() {
      if (!timer && !stopped) timer = setInterval(poll, every);
    }
    function stop() {
      clearInterval(timer);
      timer = null;
    }
    document.addEventListener('visibilitychange', function () {
      if (document.hidden) {
        stop();
      } else {
        poll();
        start();
      }
    });
    if (!document.hidden) start();
  }

  // narrow offers only the options of select whose data-for lists key
  // (surveys of the chosen project, languages of the chosen survey).
  function narrow(select, key) {
    var keep = null;
    Array.prototype.forEach.call(select.options, function (o) {
      if (o.dataset.for === undefined) return; // the "Choose …" option
      var ok = !key || o.dataset.for.split(' ').indexOf(key) >= 0;
      o.hidden = !ok;
      o.disabled = !ok;
      if (ok && (keep === null || o.value === 'sv')) keep = o;
    });
    var cur = select.options[select.selectedIndex];
    if (cur && cur.disabled) select.value = keep ? keep.value : '';
  }
  function campaignForm(form) {
    var project = form.querySelector('#f-project');
    var survey = form.querySelector('#f-survey');
    var lang = form.querySelector('#f-lang');
    function update() {
      if (project && survey) narrow(survey, project.value);
      if (survey && lang) narrow(lang, survey.value);
    }
    if (project) project.addEventListener('change', update);
    if (survey) survey.addEventListener('change', update);
    update();
  }

  var box = document.getElementById('live');
  if (box && box.dataset.code) live(box);
  var form = document.getElementById('campaign-form');
  if (form) campaignForm(form);
  document.querySelectorAll('form[data-confirm]').forEach(function (f) {
    f.addEventListener('submit', function (e) {
      if (!window.confirm(f.dataset.confirm)) e.preventDefault();
    });
  });
  document.querySelectorAll('[data-action="print"]').forEach(function (b) {
    b.addEventListener('click', function () { window.print(); });
  });
  // "Starta på den här surfplattan" logs out on the server, then replaces
  // this page in the history with the kiosk, so that Back from the survey
  // does not come back here; without this script the form's redirect does
  // the same but leaves this page one entry behind (it reloads to the login).
  document.querySelectorAll('form.kiosk-start').forEach(function (f) {
    f.addEventListener('submit', function (e) {
      e.preventDefault();
      fetch(f.action, { method: 'POST', body: new FormData(f), credentials: 'same-origin', cache: 'no-store', redirect: 'manual' })
        .then(function (r) {
          if (!r.ok && r.type !== 'opaqueredirect') throw new Error('HTTP ' + r.status);
          window.location.replace(f.dataset.kiosk);
        })
        .catch(function () { f.submit(); });
    });
  });
  // A staff page brought back from the back-forward cache (after a logout
  // on a shared tablet) is loaded afresh, which asks for the login.
  window.addEventListener('pageshow', function (e) {
    if (e.persisted) window.location.reload();
  });
  var secret = document.getElementById('new-secret');
  if (secret) secret.addEventListener('focus', function () { secret.select(); });
  var errors = document.getElementById('errors');
  if (errors) errors.focus();
})();
