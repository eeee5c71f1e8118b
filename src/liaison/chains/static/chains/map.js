// Draws a chain's map from the data the page carries (json_script "chain-chart"): per segment,
// upstream first, the enterprises, open needs, available achievements and experts on it, with
// the gaps (open needs, no achievement, no expert) marked. The table below says the same.
(function () {
  "use strict";
  var source = document.getElementById("chain-chart");
  var box = document.querySelector('[data-chart="chain"]');
  if (!source || !box || typeof echarts === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var table = document.getElementById("chain-map-table");
  // The series' names are the table's own headings, already in the reader's language.
  var heads = table ? table.querySelectorAll("thead th") : [];
  var names = {
    enterprises: heads[1] ? heads[1].textContent : "enterprises",
    open_needs: heads[2] ? heads[2].textContent : "open needs",
    achievements: heads[3] ? heads[3].textContent : "achievements",
    experts: heads[5] ? heads[5].textContent : "experts"
  };
  var still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  var chart = echarts.init(box);
  chart.setOption({
    animation: !still,
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    legend: { top: 0 },
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    xAxis: {
      type: "category",
      data: data.segments,
      axisLabel: {
        interval: 0,
        rotate: data.segments.length > 6 ? 30 : 0,
        formatter: function (value, index) { return data.gaps[index] ? "⚠ " + value : value; }
      }
    },
    yAxis: { type: "value", minInterval: 1 },
    series: Object.keys(names).map(function (key) {
      return { name: names[key], type: "bar", data: data.series[key], emphasis: { focus: "series" } };
    })
  });
  window.addEventListener("resize", function () { chart.resize(); });
}());
