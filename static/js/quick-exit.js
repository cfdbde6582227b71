/* "Leave this site": replace this page with a neutral one, at once.
   The button is a plain link, so it works without JavaScript; with it, the page
   is hidden first and replaced in history so Back does not return here.
   Pressing Esc twice within a second does the same. */
(function () {
  "use strict";
  var button = document.getElementById("quick-exit");
  if (!button) {
    return;
  }
  var target = button.getAttribute("href");
  var lastEscape = 0;

  function leave(event) {
    if (event) {
      event.preventDefault();
    }
    document.title = "";
    document.body.hidden = true;
    window.location.replace(target);
  }

  button.addEventListener("click", leave);
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") {
      return;
    }
    var now = Date.now();
    if (now - lastEscape < 1000) {
      leave(event);
      return;
    }
    lastEscape = now;
  });
})();
