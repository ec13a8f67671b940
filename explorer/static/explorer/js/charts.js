/* A chart of values per year (Apache ECharts, vendored) with the same numbers as a table beneath it. */
"use strict";
(function (X) {
  var el = X.el;
  var charts = [];

  /* series: [{name, values: {year: value}, href}]; returns the <figure> holding the chart and its table. */
  X.yearChart = function (title, series, options) {
    options = options || {};
    var yearSet = {};
    series.forEach(function (s) { Object.keys(s.values).forEach(function (y) { yearSet[y] = true; }); });
    var years = Object.keys(yearSet).sort();
    var canvas = el("div", { class: "chart", role: "img", "aria-label": X.t("chart_of", { title: title }) });
    var head = el("tr", {}, el("th", { scope: "col" }, options.seriesHeader || ""));
    years.forEach(function (y) { head.appendChild(el("th", { scope: "col" }, y)); });
    var body = el("tbody");
    series.forEach(function (s) {
      var row = el("tr", { "data-series": s.key || s.name }, el("th", { scope: "row" }, s.href ? el("a", { href: s.href }, s.name) : s.name));
      years.forEach(function (y) { row.appendChild(el("td", { "data-year": y }, y in s.values ? X.number(s.values[y]) : "–")); });
      body.appendChild(row);
    });
    var figure = el("figure", { class: "chart-figure", "data-chart": options.key || title },
      el("figcaption", {}, title), canvas,
      el("div", { class: "scroll", tabindex: "0", role: "region", "aria-label": title },
        el("table", { class: "chart-data" }, el("thead", {}, head), body)));
    // Drawn once the figure is in the page, so the chart knows its width.
    figure.draw = function () {
      var chart = window.echarts.init(canvas, null, { renderer: "svg" });
      chart.setOption({
        aria: { enabled: true },
        animation: false,
        tooltip: { trigger: "axis" },
        legend: { type: "scroll", top: 0 },
        grid: { left: 48, right: 16, top: 40, bottom: 32 },
        xAxis: { type: "category", data: years },
        yAxis: { type: "value", minInterval: 1 },
        series: series.map(function (s) {
          return { name: s.name, type: options.type || "line", connectNulls: true,
            data: years.map(function (y) { return y in s.values ? s.values[y] : null; }) };
        })
      });
      charts.push(chart);
    };
    return figure;
  };

  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})(window.Explorer);
