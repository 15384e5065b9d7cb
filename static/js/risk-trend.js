// ManagedOps: the trend of the risk levels on the heat-map page (risk/heatmap.html), drawn with the vendored Chart.js.
// No inline script (the Content-Security-Policy forbids it): the data comes from the
// <script type="application/json" id="risk-trend-data"> element that Django's json_script filter renders —
// {labels: ["YYYY-MM", …], datasets: [{level, label, data: [count per month]}]}, one dataset per level from the
// lowest up, the labels already translated. One stacked bar per month; the colours follow the level badges.
(function () {
  "use strict";

  var COLORS = {
    low: "#198754",
    medium: "#0dcaf0",
    high: "#ffc107",
    very_high: "#dc3545",
    critical: "#212529"
  };
  var FALLBACK = "#6c757d";

  function readData() {
    var node = document.getElementById("risk-trend-data");
    if (!node) { return null; }
    try {
      var data = JSON.parse(node.textContent);
      // A view that passes the trend already serialised gets it wrapped in JSON once more by json_script.
      if (typeof data === "string") { data = JSON.parse(data); }
      return data && typeof data === "object" ? data : null;
    } catch (e) {
      return null;
    }
  }

  function lang() {
    return document.documentElement.getAttribute("lang") || undefined;
  }

  function counts(list) {
    return (Array.isArray(list) ? list : []).map(function (v) {
      var n = parseInt(v, 10);
      return isFinite(n) ? n : 0;
    });
  }

  // "2026-03" as the page's language writes a month ("Mar 2026" / "2026年3月"); the label itself otherwise.
  function monthLabels(labels) {
    var format = null;
    try {
      format = new Intl.DateTimeFormat(lang(), { year: "numeric", month: "short" });
    } catch (e) {
      format = null;
    }
    return labels.map(function (label) {
      var m = /^(\d{4})-(\d{2})$/.exec(String(label));
      if (!format || !m) { return String(label); }
      return format.format(new Date(parseInt(m[1], 10), parseInt(m[2], 10) - 1, 15));
    });
  }

  function start() {
    var canvas = document.getElementById("risk-trend");
    var data = readData();
    if (!canvas || !data) { return; }
    var datasets = (Array.isArray(data.datasets) ? data.datasets : []).map(function (ds) {
      var color = COLORS[ds.level] || FALLBACK;
      return { label: String(ds.label || ds.level), data: counts(ds.data), backgroundColor: color, borderColor: color,
               borderWidth: 1 };
    });
    var any = datasets.some(function (ds) { return ds.data.some(function (n) { return n > 0; }); });
    if (!any) {
      var chart = document.getElementById("risk-trend-chart");
      var empty = document.getElementById("risk-trend-empty");
      if (chart) { chart.hidden = true; }
      if (empty) { empty.hidden = false; }
      return;
    }
    if (typeof window.Chart === "undefined") { return; }
    new window.Chart(canvas, {
      type: "bar",
      data: { labels: monthLabels(Array.isArray(data.labels) ? data.labels : []), datasets: datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        interaction: { mode: "index", intersect: false },
        plugins: { legend: { position: "bottom" } },
        scales: {
          x: { stacked: true },
          y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } }
        }
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
