/* vfv respondent: the respondent's own top three, shown on the thank-you
 * screen. Computed here from the answers on this device and never sent. */
(function () {
  'use strict';

  // topThree returns up to three item ids in order: each decided answer
  // gives the favoured item as many points as its step (1 for "a bit
  // more", up to the survey's steps for "much more"); ties go to the item
  // with fewer losses, then to the survey's order of items. An item never
  // favoured is not listed. pairs are [shown first, shown second], answers
  // negative for the first, positive for the second, 0, 'skip' or null.
  function topThree(pairs, answers, order) {
    var score = {}, losses = {};
    pairs.forEach(function (p, i) {
      var v = answers[i];
      if (typeof v !== 'number' || v === 0) return;
      var win = v < 0 ? p[0] : p[1], lose = v < 0 ? p[1] : p[0];
      score[win] = (score[win] || 0) + Math.abs(v);
      losses[lose] = (losses[lose] || 0) + 1;
    });
    return order.filter(function (id) { return score[id] > 0; })
      .sort(function (a, b) {
        return (score[b] - score[a]) || ((losses[a] || 0) - (losses[b] || 0)) || (order.indexOf(a) - order.indexOf(b));
      })
      .slice(0, 3);
  }

  window.vfv.topThree = topThree;
})();
