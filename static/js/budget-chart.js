// ManagedOps: the budget-vs-actual charts of a budget (finance/budget_actual.html), drawn with the vendored Chart.js.
// No inline script (the Content-Security-Policy forbids it): the data comes from the
// <script type="application/json" id="budget-chart-data"> element that Django's json_script filter renders —
// {labels: ["1".."12"], revenue_budget, revenue_actual, spend_budget, spend_actual: [amount as text, ×12]} — and the
// (translated) series names from the data-label-* attributes of #budget-chart. Two charts, each a bar (budget) and
// a line (actual) per month: revenue (invoiced), and cost plus expense.
(function () {
  "use strict";

  var BUDGET = "rgba(13, 110, 253, 0.35)", BUDGET_BORDER = "#0d6efd";
  var ACTUAL = { revenue: "#198754", spend: "#dc3545" };

  function readData() {
    var node = document.getElementById("budget-chart-data");
    if (!node) { return null; }
    try {
      var data = JSON.parse(node.textContent);
      if (typeof data === "string") { data = JSON.parse(data); }
      return data && typeof data === "object" ? data : null;
    } catch (e) {
      return null;
    }
  }

  function numbers(list) {
    return (Array.isArray(list) ? list : []).map(function (v) {
      var n = parseFloat(v);
      return isFinite(n) ? n : 0;
    });
  }

  function lang() {
    return document.documentElement.getAttribute("lang") || undefined;
  }

  // Month labels in the page's language ("Jan" / "1月"); the month number when Intl cannot help.
  function monthLabels(labels) {
    var format = null;
    try {
      format = new Intl.DateTimeFormat(lang(), { month: "short" });
    } catch (e) {
      format = null;
    }
    return labels.map(function (label) {
      var m = parseInt(label, 10);
      if (!format || !(m >= 1 && m <= 12)) { return String(label); }
      return format.format(new Date(2000, m - 1, 15));
    });
  }

  function money(value) {
    try {
      return Number(value).toLocaleString(lang(), { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    } catch (e) {
      return Number(value).toFixed(2);
    }
  }

  function draw(canvas, labels, budget, actual, names, color) {
    if (!canvas) { return; }
    new window.Chart(canvas, {
      data: {
        labels: labels,
        datasets: [
          { type: "bar", label: names.budget, data: budget, backgroundColor: BUDGET, borderColor: BUDGET_BORDER,
            borderWidth: 1, order: 2 },
          { type: "line", label: names.actual, data: actual, borderColor: color, backgroundColor: color,
            borderWidth: 2, pointRadius: 3, cubicInterpolationMode: "monotone", order: 1 }
        ]
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        interaction: { mode: "index", intersect: false },
        plugins: {
          legend: { position: "bottom" },
          tooltip: {
            callbacks: {
              label: function (ctx) { return ctx.dataset.label + ": " + money(ctx.parsed.y); }
            }
          }
        },
        scales: {
          y: { beginAtZero: true, ticks: { callback: function (v) { return Number(v).toLocaleString(lang()); } } }
        }
      }
    });
  }

  function start() {
    var host = document.getElementById("budget-chart");
    var data = readData();
    if (!host || !data || typeof window.Chart === "undefined") { return; }
    var labels = monthLabels(Array.isArray(data.labels) ? data.labels : []);
    var budget = host.getAttribute("data-label-budget") || "Budget";
    var actual = host.getAttribute("data-label-actual") || "Actual";
    var invoiced = host.getAttribute("data-label-invoiced") || actual;
    draw(document.getElementById("budget-chart-revenue"), labels, numbers(data.revenue_budget),
         numbers(data.revenue_actual), { budget: budget, actual: invoiced }, ACTUAL.revenue);
    draw(document.getElementById("budget-chart-spend"), labels, numbers(data.spend_budget),
         numbers(data.spend_actual), { budget: budget, actual: actual }, ACTUAL.spend);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
