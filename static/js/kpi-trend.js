// ManagedOps: the KPI trend chart of a project's KPI page (projects/project_kpis.html), drawn with the vendored
// Chart.js. No inline script (the Content-Security-Policy forbids it): the data comes from the
// <script type="application/json" id="kpi-trend-data"> element that Django's json_script filter renders — a list of
// {label, points: [{x: "YYYY-MM-DD", y: number|null}]}, one series per KPI.
(function () {
  "use strict";

  var PALETTE = ["#0d6efd", "#198754", "#dc3545", "#fd7e14", "#6f42c1", "#20c997", "#0dcaf0", "#6c757d", "#d63384"];

  function readSeries() {
    var node = document.getElementById("kpi-trend-data");
    if (!node) { return []; }
    var data;
    try {
      data = JSON.parse(node.textContent);
      // The view passes the series already serialised: json_script then wraps that string in JSON once more.
      if (typeof data === "string") { data = JSON.parse(data); }
    } catch (e) {
      return [];
    }
    return Array.isArray(data) ? data : [];
  }

  function draw() {
    var canvas = document.getElementById("kpi-trend");
    if (!canvas) { return; }
    var empty = document.getElementById("kpi-trend-empty");
    var series = readSeries().filter(function (s) {
      return s && Array.isArray(s.points) && s.points.some(function (p) { return p && p.y !== null && p.y !== undefined; });
    });

    if (!series.length || typeof window.Chart === "undefined") {
      if (!series.length) {
        canvas.parentNode.hidden = true;
        if (empty) { empty.hidden = false; }
      }
      return;
    }

    // One category axis over every period any KPI has a value for (no date adapter is vendored).
    var seen = {};
    series.forEach(function (s) { s.points.forEach(function (p) { if (p && p.x) { seen[p.x] = true; } }); });
    var labels = Object.keys(seen).sort();

    var datasets = series.map(function (s, i) {
      var byDate = {};
      s.points.forEach(function (p) { if (p && p.x) { byDate[p.x] = (p.y === undefined ? null : p.y); } });
      var color = PALETTE[i % PALETTE.length];
      return {
        label: String(s.label || ""),
        data: labels.map(function (x) { return Object.prototype.hasOwnProperty.call(byDate, x) ? byDate[x] : null; }),
        borderColor: color,
        backgroundColor: color,
        borderWidth: 2,
        pointRadius: 3,
        tension: 0.2,
        spanGaps: true
      };
    });

    new window.Chart(canvas, {
      type: "line",
      data: { labels: labels, datasets: datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        interaction: { mode: "index", intersect: false },
        plugins: { legend: { position: "bottom" } },
        scales: { y: { beginAtZero: true } }
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
