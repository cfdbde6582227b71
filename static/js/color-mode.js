/* Colour mode: follow the system's light or dark setting, and its changes.
   Bootstrap 5.3 reads data-bs-theme on <html>; site.css's own colours follow it.
   Loaded in <head> without defer, before the stylesheets apply, so that a page is
   never drawn light first and then switched. Without JavaScript the site stays
   light. Printed pages are always light: black on white paper. */
(function () {
  "use strict";
  var root = document.documentElement;
  if (!window.matchMedia) {
    return;
  }
  var dark = window.matchMedia("(prefers-color-scheme: dark)");
  var print = window.matchMedia("print");
  var printing = false;

  function apply() {
    var wanted = dark.matches && !printing && !print.matches ? "dark" : "light";
    if (root.dataset.bsTheme !== wanted) {
      root.dataset.bsTheme = wanted;
    }
  }

  function listen(query) {
    if (query.addEventListener) {
      query.addEventListener("change", apply);
    } else if (query.addListener) {
      query.addListener(apply); // Safari before 14
    }
  }

  apply();
  listen(dark);
  listen(print);
  window.addEventListener("beforeprint", function () {
    printing = true;
    apply();
  });
  window.addEventListener("afterprint", function () {
    printing = false;
    apply();
  });
})();
