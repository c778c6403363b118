/* vfv service worker, served at /s/sw.js with scope /s/. The server puts
 * two lines before this file: VFV_VERSION, which changes with any asset,
 * and VFV_ASSETS, the hashed URLs of the survey page's styles and scripts.
 *
 * Survey pages (/s/CODE) are fetched from the network first and kept, so a
 * reload without a connection still shows the survey; hashed assets and a
 * survey's pictures (/media/, named by their hash) never change and come
 * from the cache. Submissions are not intercepted: the page's own queue
 * sends and retries them. When the connection returns, a Background Sync
 * ("vfv-send") wakes this worker to send the responses a page left in the
 * IndexedDB outbox (queue.js), even if no page is open. */
/* global VFV_VERSION, VFV_ASSETS */
'use strict';

var CACHE = 'vfv-' + VFV_VERSION;
var NETWORK_WAIT = 5000; // ms to wait for a slow network before using the kept page

self.addEventListener('install', function (e) {
  e.waitUntil(caches.open(CACHE)
    .then(function (c) { return c.addAll(VFV_ASSETS); })
    .then(function () { return self.skipWaiting(); }));
});

self.addEventListener('activate', function (e) {
  e.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k.indexOf('vfv-') === 0 && k !== CACHE; })
      .map(function (k) { return caches.delete(k); }));
  }).then(function () {
    return self.clients.claim();
  }).then(function () {
    // Keep the pages already open, which loaded before this worker.
    return Promise.all([caches.open(CACHE), self.clients.matchAll({ type: 'window' })]);
  }).then(function (r) {
    return Promise.all(r[1].map(function (client) {
      var u = new URL(client.url);
      return isPage(u) ? r[0].add(u.pathname + u.search).catch(function () {}) : null;
    }));
  }));
});

function isPage(u) {
  return u.origin === self.location.origin && /^\/s\/[^/]+$/.test(u.pathname) && u.pathname !== '/s/sw.js';
}

self.addEventListener('fetch', function (e) {
  var req = e.request;
  if (req.method !== 'GET') return;
  var u = new URL(req.url);
  if (u.origin !== self.location.origin) return;
  if (u.pathname.indexOf('/static/') === 0 || u.pathname.indexOf('/media/') === 0) e.respondWith(cacheFirst(req));
  else if (req.mode === 'navigate' && isPage(u)) e.respondWith(networkFirst(e, req));
});

function cacheFirst(req) {
  return caches.match(req).then(function (hit) {
    return hit || fetch(req).then(function (res) {
      if (res.ok) {
        var copy = res.clone();
        caches.open(CACHE).then(function (c) { return c.put(req, copy); });
      }
      return res;
    });
  });
}

function kept(req) {
  return caches.open(CACHE).then(function (c) {
    return c.match(req).then(function (hit) { return hit || c.match(req, { ignoreSearch: true }); });
  });
}

// networkFirst answers a survey page from the network, keeping a copy; when
// the network fails, or is slower than NETWORK_WAIT and a copy exists, the
// copy is used.
function networkFirst(e, req) {
  var net = fetch(req);
  // Registered first, so it clones the response before the page reads it.
  e.waitUntil(net.then(function (res) {
    var copy = res.clone();
    return caches.open(CACHE).then(function (c) {
      if (res.ok) return c.put(req, copy);
      // A closed or removed campaign must not go on offline.
      if (res.status === 404 || res.status === 410) return c.delete(req, { ignoreSearch: true });
      return null;
    });
  }).catch(function () {}));
  return new Promise(function (resolve, reject) {
    var settled = false;
    function done(res) { if (!settled) { settled = true; resolve(res); } }
    var timer = setTimeout(function () {
      kept(req).then(function (hit) { if (hit) done(hit); });
    }, NETWORK_WAIT);
    net.then(function (res) {
      clearTimeout(timer);
      done(res);
    }, function (err) {
      clearTimeout(timer);
      kept(req).then(function (hit) {
        if (hit) done(hit);
        else if (!settled) { settled = true; reject(err); }
      });
    });
  });
}

// --- Background Sync: send the outbox -----------------------------------

self.addEventListener('sync', function (e) {
  if (e.tag === 'vfv-send') e.waitUntil(sendOutbox());
});

function openOutbox() {
  return new Promise(function (resolve, reject) {
    var r = indexedDB.open('vfv', 1);
    r.onupgradeneeded = function () { r.result.createObjectStore('outbox', { keyPath: 'id' }); };
    r.onsuccess = function () { resolve(r.result); };
    r.onerror = function () { reject(r.error); };
  });
}

function outboxDo(db, mode, fn) {
  return new Promise(function (resolve, reject) {
    var tx = db.transaction('outbox', mode);
    var req = fn(tx.objectStore('outbox'));
    tx.oncomplete = function () { resolve(req && req.result); };
    tx.onerror = tx.onabort = function () { reject(tx.error); };
  });
}

// sendOutbox posts every response in the outbox; a confirmed (2xx) or
// refused for good (4xx other than 408 and 429) one leaves it, and open
// pages are told. Any other failure rejects, so the browser tries the
// sync again later.
function sendOutbox() {
  return openOutbox().then(function (db) {
    return outboxDo(db, 'readonly', function (s) { return s.getAll(); }).then(function (all) {
      var failed = false;
      return (all || []).reduce(function (p, x) {
        return p.then(function () {
          return fetch('/api/v1/responses', {
            method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(x.body),
            credentials: 'omit', cache: 'no-store', referrerPolicy: 'no-referrer'
          }).then(function (res) {
            var drop = res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429;
            if (!res.ok && !drop) { failed = true; return null; }
            return outboxDo(db, 'readwrite', function (s) { return s.delete(x.id); }).then(function () {
              return tell({ type: 'vfv-sent', id: x.id, outcome: res.ok ? 'done' : 'drop' });
            });
          }, function () { failed = true; });
        });
      }, Promise.resolve()).then(function () {
        db.close();
        if (failed) throw new Error('vfv: some responses wait for the network');
      });
    });
  });
}

function tell(msg) {
  return self.clients.matchAll({ type: 'window' }).then(function (cs) {
    cs.forEach(function (c) { c.postMessage(msg); });
  });
}
