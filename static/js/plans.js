/* vfv respondent: pair plans for the next respondents. The page carries
 * the first respondent's plan and, on a kiosk, fresh plans for the next;
 * while online a kiosk fetches more, so that each respondent keeps their
 * own order of pairs. Offline, with no fresh plan left, the last one is
 * reused in a new order with sides swapped at random. */
(function () {
  'use strict';

  // Plans hands out the plans of data (the page's vfv-data).
  function Plans(data) {
    this.data = data;
    this.fresh = (data.plans || []).slice();
    this.last = data.pairs;
    // stale is true once the server's survey has changed: the page
    // reloads at the next reset.
    this.stale = false;
  }

  // next returns the plan for the next respondent.
  Plans.prototype.next = function () {
    if (this.fresh.length) return (this.last = this.fresh.shift());
    var p = this.last.map(function (pr) { return Math.random() < 0.5 ? [pr[1], pr[0]] : [pr[0], pr[1]]; });
    for (var i = p.length - 1; i > 0; i--) {
      var j = Math.floor(Math.random() * (i + 1));
      var x = p[i]; p[i] = p[j]; p[j] = x;
    }
    return (this.last = p);
  };

  // refill fetches fresh plans while online, on a kiosk, when few are left.
  Plans.prototype.refill = function () {
    var self = this, d = this.data;
    if (!d.kiosk || this.fresh.length > 3 || navigator.onLine === false) return;
    fetch('/api/v1/campaigns/' + encodeURIComponent(d.campaign) + '/survey?plans=20&lang=' + encodeURIComponent(d.lang),
      { credentials: 'omit', cache: 'no-store' })
      .then(function (res) { return res.ok ? res.json() : null; })
      .then(function (p) {
        if (!p) return;
        if (p.version !== d.version) { self.stale = true; return; }
        self.fresh.push(p.pairs);
        (p.plans || []).forEach(function (x) { self.fresh.push(x); });
      }, function () { /* offline: try after the next respondent */ });
  };

  window.vfv.Plans = Plans;
})();
