/* The offline copy's service worker, served at /sw.js (elearning/views.py).

   It is installed only when a reader presses "Keep this track on this device"
   (static/js/offline.js), and it never stores anything itself: the page stores
   the pages the reader asked for. It always asks the network first, and answers
   from the saved copy only when the network fails; for a page that was not saved
   it shows the saved "not connected" notice in the page's language.
   "Leave this site" and "Remove the copy" unregister it and delete every copy. */
"use strict";

// The notice's address: offline/ under the language's prefix (lessons/urls.py).
var NOTICE = /^\/(?:[^/]+\/)?offline\/$/;

self.addEventListener("install", function () {
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(self.clients.claim());
});

// Every saved copy of the notice, as [address path, cache key].
function savedNotices() {
  return caches.keys().then(function (names) {
    return Promise.all(
      names.map(function (name) {
        return caches.open(name).then(function (cache) {
          return cache.keys();
        });
      })
    );
  }).then(function (lists) {
    var found = [];
    lists.forEach(function (requests) {
      requests.forEach(function (request) {
        var path = new URL(request.url).pathname;
        if (NOTICE.test(path)) {
          found.push([path, request]);
        }
      });
    });
    return found;
  });
}

// The notice in the language of `path`: the one whose prefix (/ or /es/) is the
// longest that `path` starts with; any saved notice rather than none.
function noticeFor(path) {
  return savedNotices().then(function (notices) {
    var best = null;
    var bestLength = -1;
    notices.forEach(function (notice) {
      var prefix = notice[0].slice(0, -"offline/".length);
      if (path.indexOf(prefix) === 0 && prefix.length > bestLength) {
        best = notice[1];
        bestLength = prefix.length;
      }
    });
    if (!best && notices.length) {
      best = notices[0][1];
    }
    return best ? caches.match(best, {ignoreVary: true}) : undefined;
  });
}

function fromSavedCopy(request) {
  // The saved request carried no cookie and its own Accept-Language: the page is
  // the same whatever this request's headers say.
  return caches.match(request, {ignoreVary: true}).then(function (saved) {
    if (saved) {
      return saved;
    }
    if (request.mode === "navigate") {
      return noticeFor(new URL(request.url).pathname).then(function (notice) {
        return notice || Response.error();
      });
    }
    return Response.error();
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) {
    return; // the browser handles it as if there were no worker
  }
  event.respondWith(
    fetch(request).catch(function () {
      return fromSavedCopy(request);
    })
  );
});
