// Presenter mode's keys (schools/views/presenting.py): each slide's links carry
// data-presenter-key; a key press follows the link for that key. Without this
// script the links work as they are.
(function () {
  "use strict";
  var aliases = { PageDown: "ArrowRight", PageUp: "ArrowLeft" };
  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) {
      return;
    }
    var target = event.target;
    if (target && target.closest && target.closest("input, textarea, select, [contenteditable]")) {
      return;
    }
    var key = aliases[event.key] || event.key;
    var link = document.querySelector('a[data-presenter-key="' + key + '"]');
    if (link) {
      event.preventDefault();
      window.location.assign(link.href);
    }
  });
})();
