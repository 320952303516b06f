/* Draws every <canvas data-chart="ID"> from the JSON in <script id="ID"> (see rutan/charts.py).
 * Chart.js is served by the app (/static/vendor/chartjs/); the numbers are also in a table
 * next to each chart. Colours are dark enough for black-and-white prints, and charts are
 * resized for the printed page. */
(function () {
  "use strict";
  if (typeof Chart === "undefined") return;

  const PALETTE = ["#1f4e9c", "#2e8b57", "#c0392b", "#d98c00", "#6f42c1", "#138496", "#5a6268", "#8b5a2b"];
  const number = new Intl.NumberFormat("id-ID", { maximumFractionDigits: 1 });

  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.color = "#212529";
  Chart.defaults.animation = window.matchMedia("(prefers-reduced-motion: reduce)").matches ? false : { duration: 300 };

  function dataset(spec, d, i) {
    const colour = PALETTE[i % PALETTE.length];
    const out = { label: d.label, data: d.data, backgroundColor: colour, borderColor: colour };
    if (d.type === "line") {
      Object.assign(out, { type: "line", fill: false, tension: 0.2, borderWidth: 2, pointRadius: 3, order: 0 });
    } else {
      out.order = 1;
    }
    if (d.axis === "percent") out.yAxisID = "percent";
    if (spec.type === "doughnut") {
      out.backgroundColor = d.data.map((_, k) => PALETTE[k % PALETTE.length]);
      out.borderColor = "#fff";
    }
    return out;
  }

  function options(spec) {
    const base = {
      responsive: true,
      maintainAspectRatio: false,
      devicePixelRatio: Math.max(window.devicePixelRatio || 1, 2),
      plugins: {
        legend: { position: "bottom", labels: { boxWidth: 12 } },
        tooltip: {
          callbacks: {
            label: (ctx) => {
              const value = ctx.raw === null ? "–" : number.format(ctx.raw);
              return `${ctx.dataset.label}: ${value}${ctx.dataset.yAxisID === "percent" ? " %" : ""}`;
            },
          },
        },
      },
    };
    if (spec.type === "doughnut") return base;
    const countAxis = spec.horizontal ? "x" : "y";
    const categoryAxis = spec.horizontal ? "y" : "x";
    base.indexAxis = spec.horizontal ? "y" : "x";
    base.scales = {
      [categoryAxis]: { stacked: spec.stacked, ticks: { autoSkip: false } },
      [countAxis]: { stacked: spec.stacked, beginAtZero: true, ticks: { precision: 0 } },
    };
    if (spec.datasets.some((d) => d.axis === "percent")) {
      base.scales.percent = {
        position: "right", min: 0, max: 100, grid: { drawOnChartArea: false },
        ticks: { callback: (v) => `${v} %` },
      };
    }
    return base;
  }

  function draw(canvas) {
    const source = document.getElementById(canvas.dataset.chart);
    if (!source || Chart.getChart(canvas)) return;
    const spec = JSON.parse(source.textContent);
    new Chart(canvas, {
      type: spec.type,
      data: { labels: spec.labels, datasets: spec.datasets.map((d, i) => dataset(spec, d, i)) },
      options: options(spec),
    });
  }

  function drawAll(root) {
    (root || document).querySelectorAll("canvas[data-chart]").forEach(draw);
  }

  function resizeAll() {
    Object.values(Chart.instances).forEach((chart) => chart.resize());
  }

  drawAll(document);
  // Panels loaded later (htmx) draw their charts too.
  document.addEventListener("htmx:afterSettle", () => drawAll(document));
  window.addEventListener("beforeprint", resizeAll);
  window.addEventListener("afterprint", resizeAll);
  window.rutanCharts = { drawAll, resizeAll };
})();
