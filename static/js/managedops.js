// ManagedOps: small progressive enhancements (no inline scripts: the Content-Security-Policy forbids them).
(function () {
  "use strict";
  // The bell polls every minute: never swap a sign-in page (expired session) or an error page into it.
  document.body.addEventListener("htmx:beforeSwap", function (evt) {
    var target = evt.detail.target;
    if (!target || target.id !== "bell") { return; }
    var xhr = evt.detail.xhr;
    var url = (xhr && xhr.responseURL) || "";
    var expected = target.getAttribute("hx-get") || "";
    if (!xhr || xhr.status !== 200 || url.indexOf(expected) === -1) {
      evt.detail.shouldSwap = false;
    }
  });
})();
