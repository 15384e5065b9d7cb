// ManagedOps: small progressive enhancements (no inline scripts: the Content-Security-Policy forbids them).
(function () {
  "use strict";

  // Parts loaded after the page by htmx — the bell (every minute), the dashboard's cards, a project's history and
  // its intake and planning records (``data-mo-part``): never swap a sign-in page (expired session) or an error page
  // into them. A part that cannot be loaded shows its link instead (``data-mo-part-failed``).
  function isPart(el) {
    return !!el && (el.id === "bell" || el.hasAttribute("data-mo-part"));
  }
  document.body.addEventListener("htmx:beforeSwap", function (evt) {
    var target = evt.detail.target;
    if (!isPart(target)) { return; }
    var xhr = evt.detail.xhr;
    var url = (xhr && xhr.responseURL) || "";
    var expected = target.getAttribute("hx-get") || "";
    if (!xhr || xhr.status !== 200 || url.indexOf(expected) === -1) {
      evt.detail.shouldSwap = false;
      var failed = target.querySelector("[data-mo-part-failed]");
      var busy = target.querySelector("[data-mo-part-busy]");
      if (failed) { failed.classList.remove("d-none"); }
      if (busy) { busy.classList.add("d-none"); }
    }
  });
  document.body.addEventListener("htmx:responseError", function (evt) {
    var target = evt.detail.target;
    if (!isPart(target)) { return; }
    var failed = target.querySelector("[data-mo-part-failed]");
    var busy = target.querySelector("[data-mo-part-busy]");
    if (failed) { failed.classList.remove("d-none"); }
    if (busy) { busy.classList.add("d-none"); }
  });

  // An address naming a section that arrives with a part (a project's #intake or #planning): go there once it has.
  var hash = window.location.hash ? decodeURIComponent(window.location.hash.slice(1)) : "";
  var arrived = !hash || !!document.getElementById(hash);
  document.body.addEventListener("htmx:afterSettle", function () {
    if (arrived) { return; }
    var section = document.getElementById(hash);
    if (section) {
      arrived = true;
      section.scrollIntoView();
    }
  });
})();
