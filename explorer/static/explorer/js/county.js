/* County page: committees and sessions with their documents, years without a work report, statistics charts (6 API calls). */
"use strict";
(function (X) {
  var el = X.el;
  var code = document.querySelector("[data-county]").getAttribute("data-county");
  var SCWR = "standing_committee_work_report";

  function renderHeader(county) {
    document.querySelector("[data-name]").textContent = county.name;
    document.title = county.name + document.title.replace(/^[^·]*/, " ");
    document.querySelector("[data-place]").textContent = county.province.name + " · " + county.prefecture.name + " · " + county.kind + " · " + county.code;
  }

  function byKind(documents) {
    var list = el("ul", { class: "by-kind" });
    var groups = {}, order = [];
    documents.forEach(function (doc) {
      if (!groups[doc.kind]) { groups[doc.kind] = []; order.push(doc.kind); }
      groups[doc.kind].push(doc);
    });
    order.forEach(function (kind) {
      var links = el("ul");
      groups[kind].forEach(function (doc) {
        links.appendChild(el("li", {}, el("a", { href: "/documents/" + doc.id + "/" }, doc.title || X.kindLabel(kind))));
      });
      list.appendChild(el("li", {}, el("span", { class: "kind" }, X.kindLabel(kind) + "（" + groups[kind].length + "）"), links));
    });
    return list;
  }

  function renderTimeline(committees, sessions, documents) {
    var container = X.clear(document.querySelector("[data-timeline]"));
    var bySession = {}, loose = [];
    documents.forEach(function (doc) {
      if (doc.session) (bySession[doc.session] = bySession[doc.session] || []).push(doc);
      else loose.push(doc);
    });
    var list = el("ol", { class: "terms" });
    committees.slice().sort(function (a, b) { return a.term - b.term; }).forEach(function (committee) {
      var span = committee.start_year ? "（" + committee.start_year + "–" + (committee.end_year || "") + "）" : "";
      var inner = el("ol", { class: "sessions" });
      sessions.filter(function (s) { return s.committee === committee.id; })
        .sort(function (a, b) { return a.number - b.number; })
        .forEach(function (session) {
          var dates = session.start_date ? " · " + session.start_date + (session.end_date && session.end_date !== session.start_date ? "–" + session.end_date : "") : "";
          inner.appendChild(el("li", {}, el("h4", {}, X.t("session_n", { n: session.number }) + dates), byKind(bySession[session.id] || [])));
        });
      var committeeDocs = loose.filter(function (doc) { return doc.committee === committee.id; });
      if (committeeDocs.length) inner.appendChild(el("li", {}, el("h4", {}, X.t("no_session")), byKind(committeeDocs)));
      list.appendChild(el("li", {}, el("h3", {}, X.t("term_n", { n: committee.term }) + span), inner));
    });
    container.appendChild(list);
    var orphans = loose.filter(function (doc) { return !doc.committee; });
    if (orphans.length) container.appendChild(el("section", {}, el("h3", {}, X.t("no_session")), byKind(orphans)));
  }

  /* Years from the first to the last session year held without a standing committee work report. */
  function renderMissing(cells) {
    var years = cells.filter(function (c) { return c.year !== null; }).map(function (c) { return c.year; });
    var node = document.querySelector("[data-missing]");
    if (!years.length) { node.textContent = X.t("none"); return; }
    var first = Math.min.apply(null, years), last = Math.max.apply(null, years), missing = [];
    for (var y = first; y <= last; y++) {
      if (!cells.some(function (c) { return c.year === y && c.kind === SCWR; })) missing.push(y);
    }
    X.clear(node);
    if (!missing.length) node.textContent = X.t("no_missing", { first: first, last: last });
    else missing.forEach(function (year, i) {
      if (i) node.appendChild(document.createTextNode("、"));
      node.appendChild(el("strong", { "data-missing-year": year }, String(year)));
    });
  }

  function renderCharts(points) {
    var container = X.clear(document.querySelector("[data-charts]"));
    if (!points.length) { container.appendChild(el("p", {}, X.t("no_statistics"))); return; }
    var values = {};
    points.forEach(function (p) {
      if (p.year === null) return;
      (values[p.metric] = values[p.metric] || {})[p.year] = p.value;
    });
    X.ui.chart_groups.forEach(function (group) {
      var series = group.metrics.filter(function (m) { return values[m]; }).map(function (m) {
        return { key: m, name: X.metricLabel(m), values: values[m] };
      });
      if (!series.length) return;
      var figure = X.yearChart(group.title, series, { key: group.key, type: "bar", seriesHeader: X.t("value") });
      container.appendChild(figure);
      figure.draw();
    });
  }

  X.loading();
  Promise.all([
    X.getJSON("counties/" + code + "/"),
    X.getJSON("committees/", { county_id: code, page_size: 500 }),
    X.getJSON("sessions/", { county: code, page_size: 500 }),
    X.getJSON("documents/", { county: code, page_size: 500, ordering: "date" }),
    X.getJSON("coverage/", { by: "county", county: code }),
    X.getAll("statistics/series/", { county: code })
  ]).then(function (answers) {
    renderHeader(answers[0]);
    renderTimeline(answers[1].results, answers[2].results, answers[3].results);
    renderMissing(answers[4].results);
    renderCharts(answers[5]);
    X.done();
  }).catch(X.showError);
})(window.Explorer);
