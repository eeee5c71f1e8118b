// Draws the dashboard's charts from the data the page carries (json_script "dashboard-charts").
// Every chart has a table beside it that says the same, for readers who cannot see it.
(function () {
  "use strict";
  var source = document.getElementById("dashboard-charts");
  if (!source || typeof echarts === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  var grid = { left: 8, right: 16, top: 24, bottom: 8, containLabel: true };

  var builders = {
    agreements: function (d) {
      return {
        tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
        legend: { type: "scroll", bottom: 0 },
        grid: Object.assign({}, grid, { bottom: 40 }),
        xAxis: { type: "category", data: d.years },
        yAxis: { type: "value", minInterval: 1 },
        series: d.series.map(function (s) {
          return { name: s.name, type: "bar", stack: "signed", data: s.data, emphasis: { focus: "series" } };
        })
      };
    },
    needs: function (d) {
      return {
        tooltip: { trigger: "item", formatter: "{b}: {c}" },
        series: [{
          type: "funnel", sort: "none", left: "10%", width: "80%", minSize: "8%", gap: 2,
          label: { show: true, position: "inside", formatter: "{b}: {c}" },
          data: d.items
        }]
      };
    },
    stages: function (d) {
      return {
        tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
        grid: grid,
        xAxis: { type: "category", data: d.items.map(function (i) { return i.name; }), axisLabel: { interval: 0 } },
        yAxis: { type: "value", minInterval: 1 },
        series: [{ type: "bar", data: d.items.map(function (i) { return i.value; }), label: { show: true, position: "top" } }]
      };
    },
    financing: function (d) {
      return {
        tooltip: {
          trigger: "axis",
          formatter: function (points) {
            var p = points[0];
            return p.name + "<br>" + d.labels[p.dataIndex];
          }
        },
        grid: grid,
        xAxis: { type: "category", data: d.months, boundaryGap: false },
        yAxis: { type: "value", name: d.unit, nameTextStyle: { align: "left" } },
        series: [{ type: "line", data: d.values, areaStyle: { opacity: 0.15 }, showSymbol: false, smooth: false }]
      };
    }
  };

  var charts = [];
  document.querySelectorAll(".liaison-chart[data-chart]").forEach(function (element) {
    var build = builders[element.dataset.chart];
    var chartData = data[element.dataset.chart];
    if (!build || !chartData) {
      return;
    }
    var chart = echarts.init(element, null, { renderer: "svg" });
    chart.setOption(Object.assign({ animation: !still }, build(chartData)));
    charts.push(chart);
  });
  window.addEventListener("resize", function () {
    charts.forEach(function (chart) { chart.resize(); });
  });
})();
