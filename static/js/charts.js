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
            { label: "Ended here with a no", data: d.rejected, backgroundColor: SAND },
          ],
        },
        options: { indexAxis: "y", scales: { x: wholeNumbers } },
      };
    },
    causes: function (d) {
      return {
        type: "bar",
        data: {
          labels: d.stages,
          datasets: d.series
            .filter(function (s) { return s.counts.some(function (n) { return n > 0; }); })
            .map(function (s, i) {
              return { label: s.label, data: s.counts, backgroundColor: PALETTE[i % PALETTE.length] };
            }),
        },
        options: {
          indexAxis: "y",
          scales: { x: Object.assign({ stacked: true }, wholeNumbers), y: { stacked: true } },
          plugins: { legend: { position: "bottom", labels: { boxWidth: 12 } } },
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
              borderDash: [6, 4], pointStyle: "rect", pointRadius: 4,
            },
            {
              label: "After", data: d.after, borderColor: TEAL, backgroundColor: TEAL,
              pointStyle: "circle", pointRadius: 4,
            },
          ],
        },
        options: {
          scales: { y: { min: 0, max: 10, ticks: { stepSize: 2 } } },
          plugins: { legend: { labels: { usePointStyle: true } } },
        },
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
    if (builders[name] && data[name]) new Chart(canvas, builders[name](data[name]));
  });
})();
