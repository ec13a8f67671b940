/* Home: the archive in numbers, the province × year coverage matrix and the latest documents (2 API calls). */
"use strict";
(function (X) {
  var el = X.el;

  function searchHref(province, year) {
    return "/search/?" + X.query({ province: province, session_year_min: year, session_year_max: year });
  }

  function renderTotals(totals, years) {
    var values = {
      documents: X.number(totals.documents),
      counties: X.number(totals.counties),
      years: totals.year_min ? X.t("years_span", { first: totals.year_min, last: totals.year_max }) + "（" + years.length + "）" : "–",
      statistics: X.number(totals.statistics)
    };
    Object.keys(values).forEach(function (key) {
      document.querySelector('[data-total="' + key + '"]').textContent = values[key];
    });
  }

  /* Cells are place × year × kind; the matrix sums the kinds. */
  function renderMatrix(cells) {
    var provinces = [], byProvince = {}, yearSet = {}, unknown = false, most = 1;
    cells.forEach(function (cell) {
      if (!byProvince[cell.code]) {
        byProvince[cell.code] = { name: cell.name, years: {} };
        provinces.push(cell.code);
      }
      var key = cell.year === null ? "unknown" : cell.year;
      if (cell.year === null) unknown = true;
      else yearSet[cell.year] = true;
      var held = byProvince[cell.code].years;
      held[key] = (held[key] || 0) + cell.documents;
      most = Math.max(most, held[key]);
    });
    var years = Object.keys(yearSet).map(Number).sort(function (a, b) { return a - b; });
    var columns = unknown ? years.concat(["unknown"]) : years;
    var head = el("tr", {}, el("th", { scope: "col", text: "" }));
    columns.forEach(function (year) {
      head.appendChild(el("th", { scope: "col" }, year === "unknown" ? X.t("year_unknown") : String(year)));
    });
    var body = el("tbody");
    provinces.forEach(function (code) {
      var province = byProvince[code];
      var row = el("tr", {}, el("th", { scope: "row" }, el("a", { href: "/search/?" + X.query({ province: code }) }, province.name)));
      columns.forEach(function (year) {
        var n = province.years[year] || 0;
        var cell = el("td", { class: n ? "held" : "empty" });
        if (n) {
          var label = X.t("cell_label", { place: province.name, year: year === "unknown" ? X.t("year_unknown") : year, n: n });
          var link = year === "unknown" ? el("span", { title: label }, X.number(n))
            : el("a", { href: searchHref(code, year), "aria-label": label, title: label }, X.number(n));
          cell.appendChild(link);
          // Colour by share of the fullest cell; set through the CSSOM, not an inline style attribute.
          var share = 0.15 + 0.85 * (n / most);
          cell.style.backgroundColor = "rgba(180, 30, 40, " + share.toFixed(2) + ")";
          if (share > 0.55) cell.classList.add("dark");
        } else {
          cell.appendChild(el("span", { "aria-label": X.t("none") }, "·"));
        }
        row.appendChild(cell);
      });
      body.appendChild(row);
    });
    var container = X.clear(document.querySelector("[data-coverage]"));
    container.appendChild(el("table", { class: "coverage" }, el("thead", {}, head), body));
    return years;
  }

  X.loading();
  Promise.all([
    X.getJSON("coverage/", { by: "province" }),
    X.getJSON("documents/", { ordering: "-id", page_size: 10 })
  ]).then(function (answers) {
    var coverage = answers[0], latest = answers[1];
    var years = renderMatrix(coverage.results);
    renderTotals(coverage.totals, years);
    var list = X.clear(document.querySelector("[data-latest]"));
    latest.results.forEach(function (doc) { list.appendChild(X.documentItem(doc)); });
    X.done();
  }).catch(X.showError);
})(window.Explorer);
