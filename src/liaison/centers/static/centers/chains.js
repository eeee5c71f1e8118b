// Draws the chains diagram from the data the page carries (json_script "chains-data").
// The table after the diagram lists the same records and links for readers who cannot see it.
(function () {
  "use strict";
  var source = document.getElementById("chains-data");
  var box = document.getElementById("chains-diagram");
  if (!source || !box || typeof echarts === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  // Hub, talent, innovation, industry, capital: one hue per chain, dark enough for white text.
  var colours = ["#1e293b", "#2563eb", "#7c3aed", "#059669", "#d97706"];
  var chart = echarts.init(box, null, { renderer: "canvas" });
  chart.setOption({
    color: colours,
    animation: !still,
    tooltip: {
      formatter: function (p) {
        if (p.dataType === "edge") {
          return echarts.format.encodeHTML(p.data.label);
        }
        return "<strong>" + echarts.format.encodeHTML(p.data.name) + "</strong><br>" +
          echarts.format.encodeHTML(p.data.detail || "");
      }
    },
    legend: [{ data: data.categories.map(function (c) { return c.name; }), top: 0 }],
    series: [{
      type: "graph",
      layout: "force",
      top: 50, bottom: 10, zoom: 0.8,
      roam: true,
      draggable: true,
      categories: data.categories,
      data: data.nodes.map(function (n) {
        return Object.assign({}, n, {
          // A small graph names every record; a large one only its hub and busiest records.
          label: { show: data.nodes.length <= 30 || n.symbolSize >= 20 || n.category === 0, position: "right", width: 160, overflow: "truncate" }
        });
      }),
      links: data.links.map(function (l) {
        return Object.assign({}, l, { value: l.label });
      }),
      edgeSymbol: ["none", "arrow"],
      edgeSymbolSize: 6,
      force: { repulsion: 260, edgeLength: [60, 140], gravity: 0.12, layoutAnimation: !still },
      lineStyle: { color: "source", opacity: 0.55, width: 1.4, curveness: 0.08 },
      emphasis: { focus: "adjacency", label: { show: true }, lineStyle: { width: 3 } },
      labelLayout: { hideOverlap: true }
    }]
  });
  chart.on("click", function (p) {
    if (p.dataType === "node" && p.data.url) {
      window.location.href = p.data.url;
    }
  });
  // Redrawn once the window has stopped changing size, and only if the diagram's box did: a
  // redraw restarts the layout, and one while the layout still moves can trip ECharts over
  // its own half-updated graph (a full-page screenshot resizes the window and back at once).
  var drawn = [box.clientWidth, box.clientHeight];
  var pending = 0;
  window.addEventListener("resize", function () {
    clearTimeout(pending);
    pending = setTimeout(function () {
      var size = [box.clientWidth, box.clientHeight];
      if (size[0] !== drawn[0] || size[1] !== drawn[1]) {
        drawn = size;
        chart.resize();
      }
    }, 200);
  });
})();
