/* vfv: storage on the device and the queue of finished responses.
 *
 * Every finished response goes into a queue in localStorage first and is
 * sent from there, so nothing is lost when the network or the server fails,
 * or when the page is reloaded. An entry leaves the queue when the server
 * confirms it (2xx) or refuses it for good (a 4xx other than 408 and 429,
 * counted as dropped); anything else is retried with growing pauses.
 * Nothing here identifies a person: no cookies, no device id. */
(function () {
  'use strict';

  var QUEUE = 'vfv.queue';
  var DROPPED = 'vfv.dropped';
  var SENT = 'vfv.sent'; // how many responses this device has sent (a kiosk's counter)
  var FIRST_PAUSE = 2000; // ms before the first retry, doubled each time
  var MAX_PAUSE = 5 * 60 * 1000;
  var TIMEOUT = 20000; // ms a submission may take on a weak connection

  // storage is localStorage, or memory where the browser refuses it
  // (private mode, full disk), so that the survey still works.
  var memory = {};
  var storage = {
    get: function (key) {
      try {
        var s = window.localStorage.getItem(key);
        return s === null ? null : JSON.parse(s);
      } catch (e) {
        return Object.prototype.hasOwnProperty.call(memory, key) ? memory[key] : null;
      }
    },
    set: function (key, value) {
      memory[key] = value;
      try { window.localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* memory only */ }
    },
    del: function (key) {
      delete memory[key];
      try { window.localStorage.removeItem(key); } catch (e) { /* memory only */ }
    }
  };

  // uuid returns a random (version 4) UUID. crypto.randomUUID exists only in
  // secure contexts, and a tablet may load the page over plain http on a LAN.
  function uuid() {
    if (window.crypto && typeof window.crypto.randomUUID === 'function') {
      try { return window.crypto.randomUUID(); } catch (e) { /* fall through */ }
    }
    var b = window.crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = '';
    for (var i = 0; i < 16; i++) h += (b[i] + 0x100).toString(16).slice(1);
    return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
  }

  // outbox keeps a copy of each queued response in IndexedDB, which the
  // service worker can read (it cannot read localStorage); after a failed
  // attempt it asks the browser for a Background Sync, so that the worker
  // sends them when the connection returns even if this page is closed. Where the browser has
  // neither, the page's own queue sends them on its next load or when the
  // connection returns while it is open. The server takes a response id
  // once, so both sending it is harmless.
  var outbox = {
    db: function () {
      if (!window.indexedDB) return Promise.reject(new Error('no IndexedDB'));
      return new Promise(function (resolve, reject) {
        var r = window.indexedDB.open('vfv', 1);
        r.onupgradeneeded = function () { r.result.createObjectStore('outbox', { keyPath: 'id' }); };
        r.onsuccess = function () { resolve(r.result); };
        r.onerror = function () { reject(r.error); };
      });
    },
    run: function (fn) {
      return outbox.db().then(function (db) {
        return new Promise(function (resolve) {
          var tx = db.transaction('outbox', 'readwrite');
          fn(tx.objectStore('outbox'));
          tx.oncomplete = tx.onerror = tx.onabort = function () { db.close(); resolve(); };
        });
      }).catch(function () { /* the page's queue still sends it */ });
    },
    put: function (body) {
      return outbox.run(function (s) { s.put({ id: body.id, body: body }); });
    },
    del: function (id) {
      return outbox.run(function (s) { s.delete(id); });
    },
    sync: function () {
      if (!navigator.serviceWorker || !navigator.serviceWorker.ready) return;
      navigator.serviceWorker.ready.then(function (reg) {
        if (reg.sync && reg.sync.register) return reg.sync.register('vfv-send');
        return null;
      }).catch(function () { /* no Background Sync: the page sends */ });
    }
  };

  // Queue sends queued responses to url; onchange(waiting, dropped) is
  // called whenever either number may have changed.
  function Queue(url, onchange) {
    this.url = url;
    this.onchange = onchange || function () {};
    this.busy = false;
    this.timer = 0;
    this.outcomes = {}; // id -> 'done' or 'drop', for this page's thank-you
    var self = this;
    // The service worker sends the outbox when the connection returns
    // (Background Sync), even with this page closed; it tells an open page.
    if (navigator.serviceWorker && navigator.serviceWorker.addEventListener) {
      navigator.serviceWorker.addEventListener('message', function (e) {
        var m = e.data || {};
        if (m.type === 'vfv-sent' && m.id) self.settle(m.id, m.outcome === 'drop' ? 'drop' : 'done');
        if (m.type === 'vfv-sent') self.changed();
      });
    }
  }

  // sent is how many responses this device has sent.
  Queue.prototype.sent = function () {
    return Number(storage.get(SENT)) || 0;
  };

  // status says where the response id is: 'pending' (in the queue),
  // 'done' (sent), 'drop' (refused for good) or '' (unknown here).
  Queue.prototype.status = function (id) {
    if (this.items().some(function (x) { return x.body.id === id; })) return 'pending';
    return this.outcomes[id] || '';
  };

  // tried reports whether sending id has failed at least once.
  Queue.prototype.tried = function (id) {
    return this.items().some(function (x) { return x.body.id === id && x.tries > 0; });
  };

  Queue.prototype.items = function () {
    var q = storage.get(QUEUE);
    return Array.isArray(q) ? q : [];
  };

  Queue.prototype.dropped = function () {
    return Number(storage.get(DROPPED)) || 0;
  };

  // add queues a finished response; sending starts at once.
  Queue.prototype.add = function (body) {
    var q = this.items().filter(function (x) { return x.body.id !== body.id; });
    q.push({ body: body, tries: 0, next: 0 });
    storage.set(QUEUE, q);
    outbox.put(body);
    this.changed();
    this.flush(false);
  };

  Queue.prototype.changed = function () {
    this.onchange(this.items().length, this.dropped());
  };

  // settle records the outcome of one attempt for the entry with id.
  Queue.prototype.settle = function (id, outcome) {
    var q = this.items();
    var rest = [];
    for (var i = 0; i < q.length; i++) {
      var x = q[i];
      if (x.body.id !== id) { rest.push(x); continue; }
      if (outcome === 'drop') storage.set(DROPPED, this.dropped() + 1);
      if (outcome === 'done') storage.set(SENT, this.sent() + 1);
      if (outcome !== 'retry') {
        this.outcomes[id] = outcome;
        outbox.del(id);
        continue;
      }
      outbox.sync();
      x.tries++;
      var pause = Math.min(MAX_PAUSE, FIRST_PAUSE * Math.pow(2, x.tries - 1));
      x.next = Date.now() + pause * (0.8 + 0.4 * Math.random());
      rest.push(x);
    }
    storage.set(QUEUE, rest);
  };

  // flush sends every entry that is due (all of them when now is true, as
  // when the connection comes back) and schedules the next attempt.
  Queue.prototype.flush = function (now) {
    var self = this;
    if (now) {
      var q = this.items();
      q.forEach(function (x) { x.next = 0; });
      storage.set(QUEUE, q);
    }
    if (this.busy) return Promise.resolve();
    this.busy = true;
    clearTimeout(this.timer);
    var sent = {};
    function step() {
      var due = self.items().filter(function (x) { return x.next <= Date.now() && !sent[x.body.id]; })[0];
      if (!due) return null;
      sent[due.body.id] = true;
      return self.send(due.body).then(function (outcome) {
        self.settle(due.body.id, outcome);
        self.changed();
        // A failed attempt means the network or server is down: wait.
        return outcome === 'retry' ? null : step();
      });
    }
    return Promise.resolve().then(step).then(function () {
      self.busy = false;
      self.schedule();
    }, function () {
      self.busy = false;
      self.schedule();
    });
  };

  Queue.prototype.schedule = function () {
    var self = this;
    var q = this.items();
    clearTimeout(this.timer);
    if (!q.length) return;
    var next = Math.min.apply(null, q.map(function (x) { return x.next; }));
    this.timer = setTimeout(function () { self.flush(false); }, Math.max(0, next - Date.now()) + 50);
  };

  // send posts one response and says what to do with it: 'done', 'drop'
  // (refused for good) or 'retry'.
  Queue.prototype.send = function (body) {
    var ctl = typeof AbortController === 'function' ? new AbortController() : null;
    var timer = setTimeout(function () { if (ctl) ctl.abort(); }, TIMEOUT);
    return fetch(this.url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
      credentials: 'omit',
      cache: 'no-store',
      referrerPolicy: 'no-referrer',
      signal: ctl ? ctl.signal : undefined
    }).then(function (res) {
      clearTimeout(timer);
      if (res.ok) return 'done';
      if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429) return 'drop';
      return 'retry';
    }, function () {
      clearTimeout(timer);
      return 'retry';
    });
  };

  window.vfv = { storage: storage, uuid: uuid, Queue: Queue };
})();
