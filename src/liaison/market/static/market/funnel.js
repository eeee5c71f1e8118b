// Draws an event's funnel from the data its page carries (json_script "market-funnel"), with
// the vendored ECharts the dashboard uses. The table beside it says the same, with links.
(function () {
  "use strict";
  var source = document.getElementById("market-funnel");
  var element = document.querySelector(".liaison-chart[data-chart='funnel']");
  if (!source || !element || typeof echarts === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  var chart = echarts.init(element, null, { renderer: "svg" });
  chart.setOption({
    animation: !still,
    tooltip: { trigger: "item", formatter: "{b}: {c}" },
    series: [{
      type: "funnel", sort: "none", left: "10%", width: "80%", minSize: "8%", gap: 2,
      label: { show: true, position: "inside", formatter: "{b}: {c}" },
      data: data.items
    }]
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
