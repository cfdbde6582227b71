/* "Keep this track on this device": the opt-in offline copy of a track's pages.

   The card (lessons/includes/offline_copy.html) is hidden until this script finds
   a browser that can keep pages (a service worker and Cache Storage). Nothing is
   stored unless the reader presses "Keep": then the worker (/sw.js) is installed
   and every page the manifest lists, with the stylesheets, scripts and icon this
   page loads, is fetched without cookies (the visitor's page, never a signed-in
   one) into one cache. Any failure deletes that cache: a copy is whole or absent.
   "Remove the copy" uses the same clean-up as "Leave this site"
   (window.offlineCopy, static/js/quick-exit.js). Every message comes, translated,
   from the card's data attributes. */
(function () {
  "use strict";
  var card = document.querySelector("[data-offline-copy]");
  if (!card || !("serviceWorker" in navigator) || !("caches" in window) || !window.offlineCopy) {
    return;
  }
  var keepButton = card.querySelector("[data-offline-keep]");
  var removeButton = card.querySelector("[data-offline-remove]");
  var status = card.querySelector("[data-offline-status]");
  var text = card.dataset;
  var AT_ONCE = 4; // pages fetched at the same time
  var busy = false;

  function say(message) {
    status.textContent = message;
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, name) {
      return name in values ? String(values[name]) : whole;
    });
  }

  // The page's own language, with the browser's region when it is the same
  // language (so the help page lists the lines of the reader's country); never
  // another language, which would send the request to that language's page.
  function acceptLanguage() {
    var language = document.documentElement.lang;
    var browser = navigator.language || "";
    return browser.split("-")[0] === language ? browser : language;
  }

  function fetchWhole(url) {
    return fetch(url, {
      credentials: "omit",
      headers: {"Accept-Language": acceptLanguage()}
    }).then(function (response) {
      if (!response.ok || response.redirected) {
        throw new Error("not saved: " + url);
      }
      return response;
    });
  }

  // What this page loads, so the saved pages look the same without a connection.
  function assetUrls() {
    var found = document.querySelectorAll("link[rel~=stylesheet], link[rel~=icon], script[src]");
    return Array.prototype.map.call(found, function (element) {
      return element.href || element.src;
    });
  }

  function saveAll(cache, urls) {
    var next = 0;
    var done = 0;
    say(fill(text.saving, {done: 0, total: urls.length}));
    function worker() {
      if (next >= urls.length) {
        return Promise.resolve();
      }
      var url = urls[next];
      next += 1;
      return fetchWhole(url).then(function (response) {
        return cache.put(url, response);
      }).then(function () {
        done += 1;
        say(fill(text.saving, {done: done, total: urls.length}));
        return worker();
      });
    }
    var workers = [];
    for (var i = 0; i < AT_ONCE; i += 1) {
      workers.push(worker());
    }
    return Promise.all(workers);
  }

  function showSaved(saved) {
    removeButton.hidden = !saved;
  }

  // While saving or removing, the buttons do nothing (and say so), but keep the
  // focus: a disabled button would drop it.
  function setBusy(value) {
    busy = value;
    [keepButton, removeButton].forEach(function (button) {
      button.setAttribute("aria-disabled", String(value));
    });
  }

  // After a failure: no half copy, and no worker left behind when nothing is saved.
  function forget(name) {
    return caches.delete(name).then(function () {
      return caches.keys();
    }).then(function (names) {
      return names.length ? null : window.offlineCopy.remove();
    });
  }

  function keep() {
    if (busy) {
      return;
    }
    var worker = new URL(text.worker, document.baseURI);
    var name = text.cache;
    var pages = 0;
    setBusy(true);
    navigator.serviceWorker.register(worker.href, {scope: new URL("./", worker).pathname})
      .then(function () {
        return fetchWhole(text.manifest);
      })
      .then(function (response) {
        return response.json();
      })
      .then(function (manifest) {
        name = manifest.cache;
        pages = manifest.pages.length;
        var urls = manifest.pages.map(function (page) {
          return new URL(page, document.baseURI).href;
        });
        assetUrls().forEach(function (url) {
          if (urls.indexOf(url) === -1) {
            urls.push(url);
          }
        });
        return caches.open(name).then(function (cache) {
          return saveAll(cache, urls);
        });
      })
      .then(function () {
        say(fill(text.saved, {count: pages}));
        showSaved(true);
      }, function () {
        say(text.failed);
        showSaved(false);
        return forget(name).then(null, function () {});
      })
      .then(function () {
        setBusy(false);
      });
  }

  function remove() {
    if (busy) {
      return;
    }
    setBusy(true);
    window.offlineCopy.remove().then(function () {
      say(text.removed);
    }, function () {
      say(text.removeFailed);
    }).then(function () {
      setBusy(false);
      showSaved(false);
      keepButton.focus(); // the button pressed is gone
    });
  }

  keepButton.addEventListener("click", keep);
  removeButton.addEventListener("click", remove);
  card.hidden = false;
  caches.has(text.cache).then(function (saved) {
    if (saved) {
      say(text.already);
    }
    showSaved(saved);
  });
})();
