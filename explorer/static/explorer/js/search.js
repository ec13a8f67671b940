/* Search: results with snippets, facets with counts, paging and exports, all from the query string (≤ 5 API calls). */
"use strict";
(function (X) {
  var el = X.el;
  var PAGE_SIZE = 20;
  // The filters this page passes to /documents/ and /coverage/ as they are: the page's URL is the API's query.
  var FILTERS = ["q", "province", "prefecture", "county", "session_year_min", "session_year_max", "kind"];
  var filters = {};
  FILTERS.forEach(function (key) { filters[key] = X.params.getAll(key).filter(function (v) { return v.trim(); }); });
  // Where this page of results starts: the API's own paging parameter (a page number, or a cursor), as its links give it.
  var PAGING = ["page", "cursor"];
  var position = {};
  PAGING.forEach(function (key) { if (X.params.get(key)) position[key] = X.params.get(key); });

  // A county code implies its prefecture and province, so the selects can show where it is.
  var county = (filters.county[0] || "");
  if (/^\d{6}$/.test(county)) {
    if (!filters.province.length) filters.province = [county.slice(0, 2) + "0000"];
    if (!filters.prefecture.length) filters.prefecture = [county.slice(0, 4) + "00"];
  }

  function pageHref(changes) {
    var next = { page: null, cursor: null };
    FILTERS.forEach(function (key) { next[key] = filters[key]; });
    Object.keys(changes).forEach(function (key) { next[key] = changes[key]; });
    return "/search/?" + X.query(next);
  }

  function fillSelect(select, places, selected, emptyLabel) {
    X.clear(select).appendChild(el("option", { value: "" }, emptyLabel));
    places.forEach(function (place) {
      select.appendChild(el("option", { value: place.code, selected: place.code === selected || place.name === selected }, place.name));
    });
  }

  /* Province → prefecture → county: choosing one reloads the next level's options and clears the ones below. */
  function cascade() {
    var province = document.getElementById("f-province"), prefecture = document.getElementById("f-prefecture"),
      countySelect = document.getElementById("f-county");
    province.addEventListener("change", function () {
      fillSelect(prefecture, [], "", X.t("all_prefectures"));
      fillSelect(countySelect, [], "", X.t("all_counties"));
      if (province.value) X.getJSON("prefectures/", { province: province.value, page_size: 500 }).then(function (data) {
        fillSelect(prefecture, data.results, "", X.t("all_prefectures"));
      }).catch(X.showError);
    });
    prefecture.addEventListener("change", function () {
      fillSelect(countySelect, [], "", X.t("all_counties"));
      if (prefecture.value) X.getJSON("counties/", { prefecture: prefecture.value, page_size: 500 }).then(function (data) {
        fillSelect(countySelect, data.results, "", X.t("all_counties"));
      }).catch(X.showError);
    });
  }

  function facetList(title, entries) {
    if (!entries.length) return document.createTextNode("");
    var list = el("ul");
    entries.forEach(function (entry) {
      list.appendChild(el("li", {}, el("a", { href: entry.href, "aria-current": entry.current ? "true" : null }, entry.label),
        " ", el("span", { class: "count" }, X.number(entry.n))));
    });
    return el("section", { class: "facet" }, el("h3", {}, title), list);
  }

  function sum(cells, keyOf) {
    var totals = {}, order = [];
    cells.forEach(function (cell) {
      var key = keyOf(cell);
      if (!(key in totals)) { totals[key] = { n: 0, cell: cell }; order.push(key); }
      totals[key].n += cell.documents;
    });
    return order.map(function (key) { return { key: key, n: totals[key].n, cell: totals[key].cell }; });
  }

  function renderFacets(coverage, level) {
    var container = X.clear(document.querySelector("[data-facets]"));
    var places = sum(coverage.results, function (c) { return c.code; }).sort(function (a, b) { return b.n - a.n; });
    container.appendChild(facetList(X.t("facet_" + level), places.map(function (p) {
      var changes = {}; changes[level] = p.key;
      return { label: p.cell.name, n: p.n, href: pageHref(changes), current: filters[level].indexOf(p.key) >= 0 };
    })));
    var years = sum(coverage.results.filter(function (c) { return c.year !== null; }), function (c) { return c.year; })
      .sort(function (a, b) { return b.key - a.key; });
    container.appendChild(facetList(X.t("facet_year"), years.map(function (y) {
      return { label: String(y.key), n: y.n, href: pageHref({ session_year_min: y.key, session_year_max: y.key }),
        current: filters.session_year_min[0] === String(y.key) && filters.session_year_max[0] === String(y.key) };
    })));
    var kinds = sum(coverage.results, function (c) { return c.kind; }).sort(function (a, b) { return b.n - a.n; });
    container.appendChild(facetList(X.t("facet_kind"), kinds.map(function (k) {
      return { label: X.kindLabel(k.key), n: k.n, href: pageHref({ kind: [k.key] }), current: filters.kind.indexOf(k.key) >= 0 };
    })));
  }

  function renderResults(data) {
    var list = X.clear(document.querySelector("[data-results]"));
    document.querySelector("[data-count]").textContent = "（" + X.t("documents_n", { n: X.number(data.count) }) + "）";
    if (!data.results.length) list.appendChild(el("li", { class: "empty" }, X.t("no_results")));
    data.results.forEach(function (doc) {
      var item = X.documentItem(doc);
      if (doc.snippet) item.appendChild(X.snippet(doc.snippet));
      list.appendChild(item);
    });
    if (data.truncated) list.parentNode.insertBefore(el("p", { class: "hint" }, X.t("truncated", { n: X.number(data.count) })), list);
    var pager = X.clear(document.querySelector("[data-pager]"));
    var previous = pagingOf(data.previous), next = pagingOf(data.next);
    if (previous) pager.appendChild(el("a", { href: pageHref(previous), rel: "prev" }, X.t("previous")));
    if (!("has_more" in data)) {  // numbered pages: say which
      var page = parseInt(position.page, 10) || 1;
      pager.appendChild(el("span", {}, X.t("page_of", { page: page, pages: Math.max(1, Math.ceil(data.count / PAGE_SIZE)) })));
    }
    if (next) pager.appendChild(el("a", { href: pageHref(next), rel: "next" }, X.t("next")));
  }

  /* The API's next/previous link → this page's paging parameters (page number or cursor), or null. */
  function pagingOf(link) {
    if (!link) return null;
    var params = new URL(link, window.location.href).searchParams, found = { page: null, cursor: null };
    PAGING.forEach(function (key) { if (params.get(key)) found[key] = params.get(key); });
    return found;
  }

  function exportLinks() {
    document.querySelectorAll("[data-export]").forEach(function (link) {
      var params = {}; FILTERS.forEach(function (key) { params[key] = filters[key]; });
      params.format = link.getAttribute("data-export");
      link.href = X.apiUrl("documents/", params);
      link.setAttribute("download", "");
    });
  }

  cascade();
  exportLinks();
  X.loading();
  // The facet level is the one below the narrowest place chosen.
  var level = filters.county.length || filters.prefecture.length ? "county" : filters.province.length ? "prefecture" : "province";
  var apiFilters = {}; FILTERS.forEach(function (key) { apiFilters[key] = filters[key]; });
  var calls = [
    X.getJSON("documents/", Object.assign({ page_size: PAGE_SIZE, count: "true" }, position, apiFilters)),
    X.getJSON("coverage/", Object.assign({ by: level }, apiFilters)),
    X.getJSON("provinces/", { page_size: 500 }),
    filters.province.length ? X.getJSON("prefectures/", { province: filters.province[0], page_size: 500 }) : null,
    filters.prefecture.length ? X.getJSON("counties/", { prefecture: filters.prefecture[0], page_size: 500 }) : null
  ];
  Promise.all(calls).then(function (answers) {
    fillSelect(document.getElementById("f-province"), answers[2].results, filters.province[0], X.t("all_provinces"));
    if (answers[3]) fillSelect(document.getElementById("f-prefecture"), answers[3].results, filters.prefecture[0], X.t("all_prefectures"));
    if (answers[4]) fillSelect(document.getElementById("f-county"), answers[4].results, filters.county[0], X.t("all_counties"));
    renderResults(answers[0]);
    renderFacets(answers[1], level);
    X.done();
  }).catch(X.showError);
})(window.Explorer);
