// results.js: small enhancements of the results page. The page works
// without it (its forms post and the page reloads); this file shows the
// print button, runs a group comparison with visible progress without
// leaving the page, and hides or shows a story in place. No inline script
// anywhere: the pages run under Content-Security-Policy script-src 'self'.
(function () {
  'use strict';

  // csrfToken is the session's token for state-changing fetch calls.
  function csrfToken() {
    var m = document.querySelector('meta[name="csrf-token"]');
    return m ? m.content : '';
  }

  function checked(r, want) {
    if (r.status !== want) throw new Error('HTTP ' + r.status);
    return r;
  }

  // scrollable lets keyboard users scroll a table wider than the screen:
  // only such a table becomes a focusable, named region.
  function scrollable() {
    document.querySelectorAll('.scroll-x').forEach(function (w) {
      var caption = w.querySelector('caption');
      if (w.scrollWidth > w.clientWidth + 1) {
        w.tabIndex = 0;
        w.setAttribute('role', 'region');
        w.setAttribute('aria-label', caption ? caption.textContent : '');
      } else {
        w.removeAttribute('tabindex');
        w.removeAttribute('role');
        w.removeAttribute('aria-label');
      }
    });
  }
  scrollable();
  window.addEventListener('resize', scrollable);

  var print = document.getElementById('print-results');
  if (print) {
    print.hidden = false;
    print.addEventListener('click', function () { window.print(); });
  }

  // compare starts a comparison job through the API, shows its progress in
  // a <progress> element and a polite live region (at start, every quarter
  // and at the end), then puts the server-rendered chart and table in place.
  function compare(section) {
    var form = document.getElementById('compare-form');
    var bar = document.getElementById('compare-progress');
    var live = document.getElementById('compare-live');
    var result = document.getElementById('compare-result');
    var every = parseInt(section.dataset.poll, 10) || 500;
    var quarter = 0, running = false;

    function say(text) {
      live.textContent = text;
    }
    // busy marks the button unavailable without disabling it, so that
    // keyboard focus stays where it was while the job runs.
    function busy(on) {
      running = on;
      if (form) form.querySelector('button[type="submit"]').setAttribute('aria-disabled', on ? 'true' : 'false');
    }
    function fail(detail) {
      bar.hidden = true;
      busy(false);
      say(section.dataset.failed + (detail ? ' ' + detail : ''));
    }
    function show(id) {
      var url = new URL(window.location.href);
      url.searchParams.set('job', id);
      url.searchParams.delete('compare_error');
      history.replaceState(null, '', url.pathname + url.search + '#compare');
      return fetch(url.pathname + url.search, { credentials: 'same-origin', cache: 'no-store' })
        .then(function (r) { return checked(r, 200).text(); })
        .then(function (html) {
          var fresh = new DOMParser().parseFromString(html, 'text/html').getElementById('compare-result');
          if (!fresh) throw new Error('no result on the page');
          result.replaceChildren.apply(result, Array.prototype.slice.call(fresh.childNodes));
          bar.hidden = true;
          busy(false);
          scrollable();
          say(section.dataset.done);
        });
    }
    function poll(id) {
      fetch('/api/v1/jobs/' + encodeURIComponent(id), {
        credentials: 'same-origin', cache: 'no-store', headers: { Accept: 'application/json' }
      }).then(function (r) { return checked(r, 200).json(); }).then(function (j) {
        bar.max = j.total || 1;
        bar.value = j.done || 0;
        if (j.state === 'done') return show(id);
        if (j.state === 'failed') return fail(j.error);
        var q = j.total ? Math.floor(4 * j.done / j.total) * 25 : 0;
        if (q > quarter && q < 100) {
          quarter = q;
          say(section.dataset.progress.replace('{percent}', String(q)));
        }
        setTimeout(poll, every, id);
      }).catch(function () { fail(''); });
    }
    function start(e) {
      e.preventDefault();
      if (running) return;
      var a = form.elements.namedItem('a').value;
      var b = form.elements.namedItem('b').value;
      if (a === b) {
        say(section.dataset.same);
        return;
      }
      busy(true);
      quarter = 0;
      fetch(section.dataset.api, {
        method: 'POST', credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-CSRF-Token': csrfToken() },
        body: JSON.stringify({ kind: 'compare', a: a, b: b, method: 'bt', seed: 1 })
      }).then(function (r) { return checked(r, 202).json(); }).then(function (job) {
        result.replaceChildren();
        bar.value = 0;
        bar.max = job.total || 1;
        bar.hidden = false;
        say(section.dataset.started);
        poll(job.id);
      }).catch(function () { fail(''); });
    }
    if (form) form.addEventListener('submit', start);
    if (bar.dataset.job) {
      busy(true);
      poll(bar.dataset.job);
    }
  }

  // stories hides or shows a story through the API and updates the list in
  // place; focus moves to the next story when one leaves the list.
  function stories(list) {
    var status = document.getElementById('story-status');
    var count = document.querySelector('.story-count strong');
    status.tabIndex = -1;

    function say(text) {
      status.hidden = false;
      status.textContent = text;
    }
    list.addEventListener('submit', function (e) {
      var f = e.target.closest('form.story-toggle');
      if (!f) return;
      e.preventDefault();
      var li = f.closest('li.story');
      var hide = !li.classList.contains('is-hidden');
      fetch(f.dataset.api + (hide ? 'hide' : 'show'), {
        method: 'POST', credentials: 'same-origin', headers: { 'X-CSRF-Token': csrfToken() }
      }).then(function (r) {
        checked(r, 204);
        say(hide ? list.dataset.hiddenDone : list.dataset.shownDone);
        if (hide && !list.dataset.keep) {
          var next = li.nextElementSibling || li.previousElementSibling;
          li.remove();
          if (count) count.textContent = String(list.children.length);
          (next ? next.querySelector('button') : status).focus();
          return;
        }
        li.classList.toggle('is-hidden', hide);
        f.action = f.action.replace(/\/(hide|show)$/, hide ? '/show' : '/hide');
        var button = f.querySelector('button');
        button.firstChild.nodeValue = hide ? list.dataset.show : list.dataset.hide;
        var meta = li.querySelector('.story-meta');
        var badge = meta.querySelector('.badge');
        if (hide && !badge) {
          badge = document.createElement('span');
          badge.className = 'badge';
          badge.textContent = list.dataset.hiddenLabel;
          meta.appendChild(badge);
        } else if (!hide && badge) {
          badge.remove();
        }
      }).catch(function () { say(list.dataset.failed); });
    });
  }

  var section = document.getElementById('compare');
  if (section && document.getElementById('compare-progress')) compare(section);
  var list = document.querySelector('ul.stories');
  if (list) stories(list);
})();
