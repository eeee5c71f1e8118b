// Draws the chains diagram from the data the page carries (json_script "chains-data").
// The table after the diagram lists the same records and links for readers who cannot see it.
//
// Each chain has a band of its own, laid out here rather than by ECharts' force layout: the
// force layout moves the circles for seconds after ECharts has decided which labels overlap,
// so names ended up on top of each other, and a busy center's records were mostly unnamed.
// In a band every record has a row, and its name the width of its cell (cut short with "...",
// whole in the tooltip), so no two names can meet. A wide box puts the bands side by side as
// columns (a long chain takes two or three), a narrow one stacks them, each a grid of cells.
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
  var CELL = 160; // the narrowest cell a name is still worth reading in
  var ROW = 24; // one record's row: a 12 px name on a 16 px line, with room between
  var TITLE = 28; // a band's title above its records
  var MIN_ROWS = 6;
  var DOT = 12; // from a cell's left edge to its circle's centre
  var GAP = 10; // between a name and the next cell

  var bands = data.categories.map(function () { return []; });
  data.nodes.forEach(function (n) { bands[n.category].push(n); });
  var band = {};
  data.nodes.forEach(function (n) { band[n.id] = n.category; });

  function dotSize(n) {
    // Sizes still tell the busy records from the others, within the row.
    return n.category === 0 ? 22 : Math.min(18, Math.max(8, n.symbolSize / 2));
  }

  function columns(rows) {
    return bands.reduce(function (sum, nodes) {
      return sum + Math.max(1, Math.ceil(nodes.length / rows));
    }, 0);
  }

  // Where each band, cell and record goes in a box `width` wide: {titles, cells, height}.
  function place(width) {
    var most = Math.max(1, Math.floor(width / CELL));
    var titles = [];
    var cells = [];
    var height;
    if (most >= bands.length) {
      var rows = MIN_ROWS;
      var longest = Math.max.apply(null, bands.map(function (nodes) { return nodes.length; }));
      while (columns(rows) > most && rows < longest) {
        rows += 1;
      }
      var cellWidth = width / columns(rows);
      var used = Math.max(1, Math.min(rows, longest));
      var left = 0;
      bands.forEach(function (nodes, b) {
        var count = Math.max(1, Math.ceil(nodes.length / rows));
        titles.push({ band: b, x: left, y: 0, width: count * cellWidth });
        nodes.forEach(function (n, i) {
          // The hub alone in its band stands level with the middle of the others.
          var row = b === 0 && nodes.length === 1 ? (used - 1) / 2 : i % rows;
          cells.push({ node: n, x: left + Math.floor(i / rows) * cellWidth, y: TITLE + row * ROW, width: cellWidth });
        });
        left += count * cellWidth;
      });
      height = TITLE + used * ROW;
    } else {
      var perRow = most;
      var top = 0;
      var width1 = width / perRow;
      bands.forEach(function (nodes, b) {
        titles.push({ band: b, x: 0, y: top, width: width });
        top += TITLE;
        nodes.forEach(function (n, i) {
          cells.push({ node: n, x: (i % perRow) * width1, y: top + Math.floor(i / perRow) * ROW, width: width1 });
        });
        top += Math.ceil(nodes.length / perRow) * ROW + 8;
      });
      height = top;
    }
    return { titles: titles, cells: cells, height: Math.ceil(height) };
  }

  function option(width) {
    var layout = place(width);
    var nodes = layout.cells.map(function (c) {
      var size = dotSize(c.node);
      return Object.assign({}, c.node, {
        x: c.x + DOT,
        y: c.y + ROW / 2,
        symbolSize: size,
        label: { width: Math.max(20, c.width - DOT - size / 2 - 5 - GAP) }
      });
    });
    // Two points of no size at the box's corners: ECharts fits the records' extent to the
    // series' box, and with them that fit is one pixel for one pixel.
    [[0, 0], [width, layout.height]].forEach(function (corner, i) {
      nodes.push({
        id: "corner:" + i, name: "", x: corner[0], y: corner[1], symbolSize: 0, category: 0,
        label: { show: false }, tooltip: { show: false }, emphasis: { disabled: true }
      });
    });
    return {
      height: layout.height,
      option: {
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
        graphic: layout.titles.map(function (t) {
          return {
            type: "text", left: t.x, top: t.y + 4, z: 100, silent: true,
            style: {
              // Over the lines that cross it, with a white edge to read it by.
              text: data.categories[t.band].name, fill: colours[t.band], stroke: "#fff", lineWidth: 4,
              font: "600 13px sans-serif", width: t.width - GAP, overflow: "truncate"
            }
          };
        }),
        series: [{
          type: "graph",
          layout: "none",
          left: 0, top: 0, right: 0, bottom: 0,
          roam: true,
          draggable: true,
          categories: data.categories,
          data: nodes,
          links: data.links.map(function (l) {
            // A link within a band bows out of the column instead of running over its names.
            var within = band[l.source] === band[l.target];
            return Object.assign({}, l, { value: l.label, lineStyle: { curveness: within ? 0.45 : 0.06 } });
          }),
          edgeSymbol: ["none", "arrow"],
          edgeSymbolSize: 6,
          label: {
            show: true, position: "right", distance: 5, fontSize: 12, lineHeight: 16,
            color: "#1f2937", textBorderColor: "#fff", textBorderWidth: 3, overflow: "truncate"
          },
          lineStyle: { color: "source", opacity: 0.45, width: 1.2 },
          emphasis: { focus: "adjacency", lineStyle: { width: 3, opacity: 0.9 } },
          // Should a name still meet another (after a drag or a zoom), one of them gives way.
          labelLayout: { hideOverlap: true }
        }]
      }
    };
  }

  function draw(chart) {
    var drawn = option(box.clientWidth);
    box.style.height = drawn.height + "px";
    if (chart) {
      chart.resize();
    } else {
      chart = echarts.init(box, null, { renderer: "canvas" });
    }
    chart.setOption(drawn.option, { replaceMerge: ["graphic", "series"] });
    return chart;
  }

  var chart = draw(null);
  chart.on("click", function (p) {
    if (p.dataType === "node" && p.data.url) {
      window.location.href = p.data.url;
    }
  });
  // Laid out again once the window has stopped changing size, and only if the box's width did
  // (a full-page screenshot resizes the window and back at once).
  var width = box.clientWidth;
  var pending = 0;
  window.addEventListener("resize", function () {
    clearTimeout(pending);
    pending = setTimeout(function () {
      if (box.clientWidth !== width) {
        width = box.clientWidth;
        draw(chart);
      }
    }, 200);
  });
})();
