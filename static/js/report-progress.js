// The reports page: poll the exports being rendered and move their progress bars; reload once one is finished.
(function () {
  "use strict";
  const rows = Array.from(document.querySelectorAll("tr[data-status-url]"));
  if (!rows.length) return;
  function poll() {
    Promise.all(rows.map(function (row) {
      return fetch(row.dataset.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) {
          if (!data) return false;
          const bar = row.querySelector(".progress-bar");
          const wrap = row.querySelector(".progress");
          const label = row.querySelector("[data-testid=export-status]");
          if (bar) bar.style.width = data.progress + "%";
          if (wrap) wrap.setAttribute("aria-valuenow", data.progress);
          if (label) label.textContent = data.label + (data.error ? ": " + data.error : "");
          return data.status === "done" || data.status === "failed";
        })
        .catch(function () { return false; });
    })).then(function (finished) {
      if (finished.some(Boolean)) { window.location.reload(); return; }
      window.setTimeout(poll, 1000);
    });
  }
  window.setTimeout(poll, 500);
})();
