// Progress report charts. Data comes from <script type="application/json" id="report-data">
// (Django's json_script); each <canvas data-chart="name"> gets one chart. Every chart has
// a table or list with the same numbers on the page, so nothing depends on this file.
(function () {
  "use strict";

  var source = document.getElementById("report-data");
  if (!source || typeof window.Chart === "undefined") return;
  var data = JSON.parse(source.textContent);
  var Chart = window.Chart;

  var TEAL = "#2f6f6a";
  var SAND = "#c9a66b";
  var CLAY = "#b5643c";
  var PALETTE = ["#2f6f6a", "#c9a66b", "#7a5ea8", "#b5643c", "#4f87b5", "#7f8c3a", "#8a8f94"];

  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.color = "#33434b";
  Chart.defaults.maintainAspectRatio = false;
  // Calm pages: charts appear drawn, without movement.
  Chart.defaults.animation = false;

  var wholeNumbers = { beginAtZero: true, ticks: { precision: 0 } };

  // Legend entries drawn as each line looks (colour and dashes) with its point marker on
  // it, so the key matches the lines on the chart.
  var LEGEND_WIDTH = 34;
  function lineLegend(chart) {
    return chart.data.datasets.map(function (ds, i) {
      return {
        text: ds.label,
        datasetIndex: i,
        hidden: !chart.isDatasetVisible(i),
        // Chart.js draws nothing visible here; legendLinePlugin draws the line instead.
        fillStyle: "transparent",
        strokeStyle: "transparent",
        lineWidth: 0,
        fontColor: Chart.defaults.color,
      };
    });
  }
  var legendLinePlugin = {
    id: "legendLine",
    afterDraw: function (chart) {
      var legend = chart.legend;
      if (!legend || !legend.legendHitBoxes || chart.config.type !== "line") return;
      var ctx = chart.ctx;
      legend.legendItems.forEach(function (item, i) {
        var box = legend.legendHitBoxes[i];
        var ds = chart.data.datasets[item.datasetIndex];
        var y = box.top + box.height / 2;
        var x0 = box.left, x1 = box.left + LEGEND_WIDTH;
        ctx.save();
        ctx.strokeStyle = ds.borderColor;
        ctx.lineWidth = ds.borderWidth || 2;
        ctx.setLineDash(ds.borderDash || []);
        ctx.beginPath(); ctx.moveTo(x0, y); ctx.lineTo(x1, y); ctx.stroke();
        ctx.setLineDash([]);
        ctx.fillStyle = ds.backgroundColor;
        Chart.helpers.drawPoint(ctx, { pointStyle: ds.pointStyle, radius: 4, borderWidth: 1 }, (x0 + x1) / 2, y);
        ctx.restore();
      });
    },
  };

  var builders = {
    weeks: function (d) {
      return {
        type: "bar",
        data: {
          labels: d.labels,
          datasets: [{ label: "Applications", data: d.counts, backgroundColor: TEAL }],
        },
        options: { plugins: { legend: { display: false } }, scales: { y: wholeNumbers } },
      };
    },
    funnel: function (d) {
      return {
        type: "bar",
        data: {
          labels: d.labels,
          datasets: [
            { label: "Reached this stage", data: d.reached, backgroundColor: TEAL },
            { label: "Ended here (a no or silence)", data: d.rejected, backgroundColor: SAND },
          ],
        },
        options: { indexAxis: "y", scales: { x: wholeNumbers } },
      };
    },
    // One bar per cause: the rejections that noted it (the page says a rejection with
    // several causes counts in each bar).
    causes: function (d) {
      // Only the causes noted at least once; the table lists them all by stage.
      var keep = d.counts.map(function (n, i) { return n > 0 ? i : -1; })
        .filter(function (i) { return i >= 0; });
      return {
        type: "bar",
        data: {
          labels: keep.map(function (i) { return d.labels[i]; }),
          datasets: [{
            label: "Rejections noting this cause",
            data: keep.map(function (i) { return d.counts[i]; }),
            backgroundColor: TEAL,
          }],
        },
        options: {
          indexAxis: "y",
          scales: { x: wholeNumbers, y: { ticks: { autoSkip: false } } },
          plugins: { legend: { display: false } },
        },
      };
    },
    mood: function (d) {
      return {
        type: "line",
        data: {
          labels: d.labels,
          datasets: [
            {
              label: "Before", data: d.before, borderColor: CLAY, backgroundColor: CLAY,
              borderDash: [6, 4], borderWidth: 2, pointStyle: "rect", pointRadius: 4,
            },
            {
              label: "After", data: d.after, borderColor: TEAL, backgroundColor: TEAL,
              borderWidth: 2, pointStyle: "circle", pointRadius: 4,
            },
          ],
        },
        options: {
          scales: { y: { min: 0, max: 10, ticks: { stepSize: 2 } } },
          plugins: { legend: { labels: { generateLabels: lineLegend, boxWidth: LEGEND_WIDTH } } },
        },
        plugins: [legendLinePlugin],
      };
    },
    followups: function (d) {
      return {
        type: "bar",
        data: {
          labels: d.labels,
          datasets: [{ label: "Follow-ups", data: d.counts, backgroundColor: [TEAL, SAND, "#8a8f94"] }],
        },
        options: { plugins: { legend: { display: false } }, scales: { y: wholeNumbers } },
      };
    },
  };

  builders.interviews = function (d) {
    return {
      type: "bar",
      data: {
        labels: d.labels,
        datasets: [
          { label: "Scheduled", data: d.scheduled, backgroundColor: SAND },
          { label: "Done", data: d.done, backgroundColor: TEAL },
        ],
      },
      options: { scales: { y: wholeNumbers } },
    };
  };

  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var name = canvas.getAttribute("data-chart");
    if (!builders[name] || !data[name]) return;
    var config = builders[name](data[name]);
    // Horizontal charts with labels of several lines get room for every line, so no
    // label is cut or drawn over its neighbour.
    var perRow = Number(canvas.getAttribute("data-row-height"));
    if (perRow) {
      var lines = config.data.labels.reduce(function (sum, l) {
        return sum + Math.max(2, Array.isArray(l) ? l.length : 1);
      }, 0);
      canvas.parentNode.style.height = Math.max(160, lines * perRow + 60) + "px";
    }
    new Chart(canvas, config);
  });
})();
