// The workshop board: after a card is added, moved or saved the page
// comes back with #card-<id>; focus that card, so that a keyboard user
// goes on from the card they just moved rather than from the top.
(function () {
  'use strict';
  var id = location.hash.slice(1);
  if (id.indexOf('card-') !== 0) return;
  var card = document.getElementById(id);
  if (card) card.focus();
})();
