/* "Leave this site": replace this page with a neutral one, at once.
   The button is a plain link, so it works without JavaScript; with it, the page
   is hidden first and replaced in history so Back does not return here.
   Pressing Esc twice within a second does the same.
   Leaving also removes the offline copy (static/js/offline.js), if any: the
   service worker and every saved page, so nothing of this site stays on the
   device. A slow clean-up never holds the reader: after a second, they leave
   anyway. */
(function () {
  "use strict";
  var CLEAN_UP_LIMIT = 1000; // milliseconds

  /* Unregister every service worker of this site and delete every page it saved.
     The one implementation: offline.js's "Remove the copy" calls it too. Resolves
     when done (at once where the browser has neither); rejects where the browser
     refuses (a private window may). */
  function removeOfflineCopy() {
    try {
      return Promise.all(cleanUpJobs());
    } catch (error) { // a browser that forbids storage here throws at once
      return Promise.reject(error);
    }
  }

  function cleanUpJobs() {
    var jobs = [];
    if ("serviceWorker" in navigator) {
      jobs.push(navigator.serviceWorker.getRegistrations().then(function (registrations) {
        return Promise.all(registrations.map(function (registration) {
          return registration.unregister();
        }));
      }));
    }
    if ("caches" in window) {
      jobs.push(caches.keys().then(function (names) {
        return Promise.all(names.map(function (name) {
          return caches.delete(name);
        }));
      }));
    }
    return jobs;
  }

  window.offlineCopy = {remove: removeOfflineCopy};

  var button = document.getElementById("quick-exit");
  if (!button) {
    return;
  }
  var target = button.getAttribute("href");
  var lastEscape = 0;
  var leaving = false;
  var gone = false;

  function go() {
    if (!gone) {
      gone = true;
      window.location.replace(target);
    }
  }

  function leave(event) {
    if (event) {
      event.preventDefault();
    }
    document.title = "";
    document.body.hidden = true;
    if (leaving) {
      return;
    }
    leaving = true;
    window.setTimeout(go, CLEAN_UP_LIMIT);
    removeOfflineCopy().then(go, go);
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
