/* Compare: one metric's yearly values for chosen counties or every county of a province; chart, ranking, downloads (2 API calls, and one more per further 500 points of a large province). */
"use strict";
(function (X) {
  var el = X.el;
  var CHART_LINES = 10;
  var metric = X.params.get("metric") || "proposals_filed";
  var counties = X.params.getAll("county").map(function (c) { return c.trim(); }).filter(Boolean);
  var province = (X.params.get("province") || "").trim();

  function seriesParams(extra) {
    // Several counties go to the API comma separated (its place filter's form).
    var params = counties.length ? { metric: metric, county: counties.join(",") } : { metric: metric, province: province };
    return Object.assign(params, extra || {});
  }

  function fillProvinces(provinces) {
    var select = document.getElementById("c-province");
    provinces.forEach(function (p) {
      select.appendChild(el("option", { value: p.code, selected: p.code === province || p.name === province }, p.name));
    });
  }

  /* Points → one entry per county: its values by year and its latest value, ranked by that value. */
  function rank(points) {
    var byCounty = {}, order = [];
    points.forEach(function (p) {
      if (p.year === null) return;
      var entry = byCounty[p.county.code];
      if (!entry) { entry = byCounty[p.county.code] = { code: p.county.code, name: p.county.name, values: {}, latestYear: null }; order.push(entry); }
      entry.values[p.year] = p.value;
      if (entry.latestYear === null || p.year > entry.latestYear) entry.latestYear = p.year;
    });
    return order.sort(function (a, b) {
      return b.values[b.latestYear] - a.values[a.latestYear] || (a.name < b.name ? -1 : 1);
    });
  }

  function renderRanking(ranked) {
    var container = X.clear(document.querySelector("[data-ranking]"));
    var body = el("tbody");
    ranked.forEach(function (entry, i) {
      body.appendChild(el("tr", { "data-county": entry.code },
        el("td", {}, String(i + 1)),
        el("th", { scope: "row" }, el("a", { href: "/counties/" + entry.code + "/" }, entry.name)),
        el("td", {}, String(entry.latestYear)),
        el("td", { class: "value" }, X.number(entry.values[entry.latestYear]))));
    });
    container.appendChild(el("table", { class: "ranking" },
      el("thead", {}, el("tr", {}, el("th", { scope: "col" }, X.t("rank")), el("th", { scope: "col" }, X.t("county")),
        el("th", { scope: "col" }, X.t("latest_year")), el("th", { scope: "col" }, X.metricLabel(metric)))),
      body));
  }

  function renderChart(ranked) {
    var container = X.clear(document.querySelector("[data-chart]"));
    var shown = ranked.slice(0, CHART_LINES);
    if (ranked.length > CHART_LINES) container.appendChild(el("p", { class: "hint" }, X.t("chart_top", { n: CHART_LINES, total: ranked.length })));
    var figure = X.yearChart(X.metricLabel(metric), shown.map(function (entry) {
      return { key: entry.code, name: entry.name, values: entry.values, href: "/counties/" + entry.code + "/" };
    }), { key: "compare", seriesHeader: X.t("county") });
    container.appendChild(figure);
    figure.draw();
  }

  function labelCheckboxes(ranked) {
    document.querySelectorAll("[data-county-label]").forEach(function (span) {
      var given = span.getAttribute("data-county-label");
      ranked.forEach(function (entry) { if (entry.code === given || entry.name === given) span.textContent = entry.name + "（" + entry.code + "）"; });
    });
  }

  document.querySelectorAll("[data-export]").forEach(function (link) {
    link.href = X.apiUrl("statistics/series/", seriesParams({ format: link.getAttribute("data-export") }));
    link.setAttribute("download", "");
  });
  document.querySelector("[data-series-title]").textContent = X.metricLabel(metric);

  X.loading();
  var chosen = counties.length || province;
  Promise.all([
    X.getJSON("provinces/", { page_size: 500 }),
    chosen ? X.getAll("statistics/series/", seriesParams()) : Promise.resolve([])
  ]).then(function (answers) {
    fillProvinces(answers[0].results);
    var ranked = rank(answers[1]);
    labelCheckboxes(ranked);
    if (!chosen) X.clear(document.querySelector("[data-chart]")).appendChild(el("p", {}, X.t("choose_counties")));
    else if (!ranked.length) X.clear(document.querySelector("[data-chart]")).appendChild(el("p", {}, X.t("no_series")));
    else { renderChart(ranked); renderRanking(ranked); }
    X.done();
  }).catch(X.showError);
})(window.Explorer);
