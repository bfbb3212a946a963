/* Qilian 企联 — draws the back-office statistics charts with Chart.js (served locally).
 *
 * Every <canvas data-chart="ID"> gets its data from <script type="application/json" id="ID">
 * (Django's json_script): {kind: "line"|"bar"|"hbar", title, unit, labels: [...],
 * datasets: [{label, data: [...]}]}. No inline script, no inline handlers (CSP-friendly).
 * The same numbers are in the table under each chart and in its CSV export.
 */
(function () {
  "use strict";

  if (typeof window.Chart === "undefined") {
    return; // the page still shows every number in its data tables
  }
  var Chart = window.Chart;
  var COLORS = ["#1864a0", "#0f8a84", "#8a5a00", "#c0262d"];
  var FUNNEL = ["#134e7c", "#1864a0", "#2f7fb8", "#0f8a84", "#1c6b3a"];
  var locale = document.documentElement.lang || "zh-Hans";
  var number = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
  var reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  Chart.defaults.font.family = window.getComputedStyle(document.body).fontFamily;
  Chart.defaults.font.size = 13;
  Chart.defaults.color = "#1d2733";
  Chart.defaults.borderColor = "#e3e9ef";
  if (reduceMotion) {
    Chart.defaults.animation = false;
  }

  /** "中小航空发动机及航空航天装备" → lines of at most `width` characters (Chinese has no spaces). */
  function wrap(label, width) {
    var text = String(label);
    if (text.length <= width) {
      return text;
    }
    var lines = [];
    for (var i = 0; i < text.length; i += width) {
      lines.push(text.slice(i, i + width));
    }
    return lines;
  }

  function withAlpha(hex, alpha) {
    var n = parseInt(hex.slice(1), 16);
    return "rgba(" + (n >> 16) + "," + ((n >> 8) & 255) + "," + (n & 255) + "," + alpha + ")";
  }

  /** Writes each bar's value at its end (horizontal bars), so a ranking reads without hovering. */
  var valueLabels = {
    id: "qilianValueLabels",
    afterDatasetsDraw: function (chart) {
      if (chart.config.options.indexAxis !== "y") {
        return;
      }
      var ctx = chart.ctx;
      ctx.save();
      ctx.font = "12px " + Chart.defaults.font.family;
      ctx.fillStyle = "#1d2733";
      ctx.textBaseline = "middle";
      chart.data.datasets.forEach(function (dataset, d) {
        var meta = chart.getDatasetMeta(d);
        if (meta.hidden) {
          return;
        }
        meta.data.forEach(function (bar, i) {
          var value = dataset.data[i];
          // a zero next to a real bar is noise in a two-series ranking; the table has every number
          var noise = value === 0 && chart.data.datasets.length > 1;
          if (value !== null && value !== undefined && !noise) {
            ctx.fillText(number.format(value), bar.x + 6, bar.y);
          }
        });
      });
      ctx.restore();
    }
  };

  function datasetsFor(spec) {
    var funnel = spec.datasets.length === 1 && spec.kind === "hbar";
    return spec.datasets.map(function (dataset, d) {
      var color = COLORS[d % COLORS.length];
      var out = { label: dataset.label, data: dataset.data, borderColor: color };
      if (spec.kind === "line") {
        out.backgroundColor = withAlpha(color, 0.12);
        out.fill = d === 0 ? "origin" : false;
        out.cubicInterpolationMode = "monotone"; // smooth, but never overshoots below zero
        out.pointRadius = 3;
        out.pointHoverRadius = 5;
        out.borderWidth = 2.5;
      } else {
        out.backgroundColor = funnel ? spec.labels.map(function (_l, i) { return FUNNEL[i % FUNNEL.length]; })
          : withAlpha(color, 0.85);
        out.borderWidth = 0;
        out.borderRadius = 3;
        out.maxBarThickness = 34;
      }
      return out;
    });
  }

  function configFor(spec) {
    var horizontal = spec.kind === "hbar";
    var valueAxis = horizontal ? "x" : "y";
    var labelAxis = horizontal ? "y" : "x";
    var unit = spec.unit || "";
    var scales = {};
    scales[valueAxis] = {
      beginAtZero: true,
      grace: horizontal ? "12%" : "5%",
      title: { display: Boolean(unit), text: unit },
      ticks: { callback: function (value) { return number.format(value); } }
    };
    scales[labelAxis] = {
      grid: { display: false },
      ticks: { autoSkip: spec.kind === "line", maxRotation: 0 }
    };
    return {
      type: spec.kind === "line" ? "line" : "bar",
      data: {
        labels: spec.kind === "line" ? spec.labels
          : spec.labels.map(function (l) { return wrap(l, horizontal ? 8 : 6); }),
        datasets: datasetsFor(spec)
      },
      options: {
        indexAxis: horizontal ? "y" : "x",
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: "index", intersect: false },
        layout: { padding: { right: horizontal ? 8 : 0 } },
        scales: scales,
        plugins: {
          legend: { display: spec.datasets.length > 1, position: "bottom", labels: { boxWidth: 14 } },
          tooltip: {
            callbacks: {
              title: function (items) { return items.length ? spec.labels[items[0].dataIndex] : ""; },
              label: function (item) {
                var value = horizontal ? item.parsed.x : item.parsed.y;
                return item.dataset.label + "：" + number.format(value);
              }
            }
          }
        }
      },
      plugins: [valueLabels]
    };
  }

  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var source = document.getElementById(canvas.getAttribute("data-chart"));
    if (!source) {
      return;
    }
    var spec = JSON.parse(source.textContent);
    if (spec.kind === "bar" && canvas.parentNode.clientWidth < spec.labels.length * 64) {
      spec.kind = "hbar"; // too narrow (a phone) for side-by-side columns: rank them as rows instead
    }
    if (spec.kind === "hbar") {
      // one row per label: the box grows with the ranking instead of squeezing the bars
      var perLabel = 16 + 14 * spec.datasets.length;
      canvas.parentNode.style.height = Math.max(200, spec.labels.length * perLabel + 70) + "px";
    }
    new Chart(canvas, configFor(spec));
  });
})();
