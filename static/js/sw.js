/* vfv service worker, served at /s/sw.js with scope /s/. The server puts
 * two lines before this file: VFV_VERSION, which changes with any asset,
 * and VFV_ASSETS, the hashed URLs of the survey page's styles and scripts.
 *
 * Survey pages (/s/CODE) are fetched from the network first and kept, so a
 * reload without a connection still shows the survey; hashed assets never
 * change and come from the cache. Submissions and the API are not touched:
 * the page's own queue retries those. */
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
  if (u.pathname.indexOf('/static/') === 0) e.respondWith(cacheFirst(req));
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
