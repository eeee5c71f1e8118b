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
      // The kinds are named in a legend of the page's own below the chart (see `legendOf`):
      // ECharts' legend pages or cuts the names of eight kinds in a half-width card.
      return {
        tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
        legend: { show: false },
        grid: grid,
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
        // Room above the plot for the axis's unit, which ECharts' containLabel leaves out.
        grid: Object.assign({}, grid, { top: 36 }),
        xAxis: { type: "category", data: d.months, boundaryGap: false },
        yAxis: { type: "value", name: d.unit, nameGap: 12, nameTextStyle: { align: "left", padding: [0, 0, 0, -8] } },
        series: [{ type: "line", data: d.values, areaStyle: { opacity: 0.15 }, showSymbol: false, smooth: false }]
      };
    }
  };

  // A legend that wraps as text does, every name whole; a click shows or hides its series.
  function legendOf(chart, element, names) {
    var palette = chart.getOption().color || [];
    var list = document.createElement("ul");
    list.className = "liaison-legend";
    // The table beside the chart says the same to a screen reader.
    list.setAttribute("aria-hidden", "true");
    names.forEach(function (name, index) {
      var item = document.createElement("li");
      var swatch = document.createElement("span");
      swatch.className = "liaison-legend-swatch";
      swatch.style.backgroundColor = palette[index % palette.length] || "#888";
      item.appendChild(swatch);
      item.appendChild(document.createTextNode(name));
      item.addEventListener("click", function () {
        chart.dispatchAction({ type: "legendToggleSelect", name: name });
        item.classList.toggle("liaison-legend-off");
      });
      list.appendChild(item);
    });
    element.insertAdjacentElement("afterend", list);
  }

  var charts = [];
  document.querySelectorAll(".liaison-chart[data-chart]").forEach(function (element) {
    var build = builders[element.dataset.chart];
    var chartData = data[element.dataset.chart];
    if (!build || !chartData) {
      return;
    }
    var chart = echarts.init(element, null, { renderer: "svg" });
    chart.setOption(Object.assign({ animation: !still }, build(chartData)));
    if (element.dataset.chart === "agreements") {
      legendOf(chart, element, chartData.series.map(function (s) { return s.name; }));
    }
    charts.push(chart);
  });
  window.addEventListener("resize", function () {
    charts.forEach(function (chart) { chart.resize(); });
  });
})();
