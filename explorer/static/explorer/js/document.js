/* Document page: metadata, outline, the text with each extracted number linked to its statistic (1 API call). */
"use strict";
(function (X) {
  var el = X.el;
  var id = document.querySelector("[data-document]").getAttribute("data-document");

  function renderMeta(doc) {
    document.querySelector("[data-title]").textContent = doc.title || X.kindLabel(doc.kind);
    document.title = (doc.title || X.kindLabel(doc.kind)) + document.title.replace(/^[^·]*/, " ");
    var meta = X.clear(document.querySelector("[data-meta]"));
    var session = doc.term ? X.t("term_n", { n: doc.term }) + (doc.session_number ? " " + X.t("session_n", { n: doc.session_number }) : "") : "";
    var rows = [
      ["county", el("a", { href: "/counties/" + doc.county.code + "/" }, doc.province.name + " " + doc.county.name)],
      ["kind", X.kindLabel(doc.kind)],
      ["session", session],
      ["date", doc.date],
      ["review_year", doc.review_year],
      ["plan_year", doc.plan_year],
      ["speaker", [doc.speaker_name, doc.speaker_role].filter(Boolean).join("，")],
      ["status", X.ui.statuses[doc.review_status] || doc.review_status],
      ["source", [doc.source_file, doc.source_page].filter(Boolean).join(" · ")],
      ["api", el("a", { href: X.apiUrl("documents/" + doc.id + "/") }, X.apiUrl("documents/" + doc.id + "/"))]
    ];
    rows.forEach(function (row) {
      if (row[1] === null || row[1] === undefined || row[1] === "") return;
      meta.appendChild(el("div", { "data-field": row[0] }, el("dt", {}, X.t("field_" + row[0])), el("dd", {}, row[1])));
    });
  }

  /* Where each number stands in the text: the value's digits inside its quote, else the whole quote. */
  function marks(doc) {
    var text = doc.raw_text, found = {};
    doc.statistics.forEach(function (stat) {
      var start = stat.start, end = stat.end;
      var digits = String(stat.value), quote = text.slice(stat.start, stat.end);
      var match = new RegExp("(^|[^0-9])(" + digits + ")(?![0-9])").exec(quote);
      if (match) { start = stat.start + match.index + match[1].length; end = start + digits.length; }
      var key = start + ":" + end;
      (found[key] = found[key] || { start: start, end: end, stats: [] }).stats.push(stat);
    });
    // Overlapping spans (a whole quote around a number already marked) keep the first.
    var kept = [], last = -1;
    Object.keys(found).map(function (k) { return found[k]; }).sort(function (a, b) { return a.start - b.start || b.end - a.end; })
      .forEach(function (mark) { if (mark.start >= last) { kept.push(mark); last = mark.end; } });
    return kept;
  }

  function describe(stat) {
    return X.t("statistic_of", { metric: X.metricLabel(stat.metric), value: X.number(stat.value) + (stat.unit || ""), year: stat.year || X.t("year_unknown") });
  }

  /* Section headings found in order in the text get anchors; the outline links to them. */
  function headingAnchors(doc) {
    var anchors = [], from = 0;
    (function walk(sections) {
      sections.forEach(function (section) {
        var heading = (section.heading || "").trim();
        var at = heading ? doc.raw_text.indexOf(heading, from) : -1;
        if (at >= 0) { anchors.push({ at: at, id: "sec-" + section.id }); from = at + heading.length; }
        section.anchored = at >= 0;
        walk(section.children || []);
      });
    })(doc.sections);
    return anchors;
  }

  function renderText(doc, kept, anchors) {
    var container = X.clear(document.querySelector("[data-text]"));
    var text = doc.raw_text, at = 0, a = 0;
    function plain(upTo) {
      while (a < anchors.length && anchors[a].at <= upTo) {
        if (anchors[a].at >= at) {
          container.appendChild(document.createTextNode(text.slice(at, anchors[a].at)));
          at = anchors[a].at;
          container.appendChild(el("span", { id: anchors[a].id, class: "anchor" }));
        }
        a++;
      }
      container.appendChild(document.createTextNode(text.slice(at, upTo)));
      at = upTo;
    }
    kept.forEach(function (mark) {
      plain(mark.start);
      var stat = mark.stats[0];
      container.appendChild(el("a", {
        class: "num" + (stat.corrected ? " corrected" : ""), id: "quote-" + stat.id, href: "#stat-" + stat.id,
        title: mark.stats.map(describe).join("；"), "data-statistic": stat.id
      }, text.slice(mark.start, mark.end)));
      at = mark.end;
    });
    plain(text.length);
  }

  function renderOutline(sections) {
    var container = X.clear(document.querySelector("[data-outline]"));
    function list(items) {
      var ol = el("ol");
      items.forEach(function (section) {
        var label = [section.label, section.heading].filter(Boolean).join(" ") || "…";
        ol.appendChild(el("li", {}, section.anchored ? el("a", { href: "#sec-" + section.id }, label) : el("span", {}, label),
          section.children && section.children.length ? list(section.children) : null));
      });
      return ol;
    }
    if (sections.length) container.appendChild(list(sections));
    else container.appendChild(el("p", {}, X.t("none")));
  }

  function renderStatistics(doc, kept) {
    var marked = {};
    kept.forEach(function (mark) { mark.stats.forEach(function (s) { marked[s.id] = mark.stats[0].id; }); });
    var body = X.clear(document.querySelector("[data-stats]"));
    doc.statistics.forEach(function (stat) {
      var qualifier = stat.qualifier && stat.qualifier !== "exact" ? (X.ui.qualifiers[stat.qualifier] || stat.qualifier) + " " : "";
      body.appendChild(el("tr", { id: "stat-" + stat.id },
        el("th", { scope: "row" }, X.metricLabel(stat.metric), stat.wording ? el("span", { class: "wording" }, "（" + stat.wording + "）") : null),
        el("td", { class: "value" }, qualifier + X.number(stat.value) + (stat.unit || ""), stat.corrected ? el("span", { class: "badge" }, X.t("corrected")) : null),
        el("td", {}, stat.year ? String(stat.year) : X.t("year_unknown")),
        el("td", {}, stat.quote),
        el("td", {},
          marked[stat.id] ? el("a", { href: "#quote-" + marked[stat.id] }, X.t("go_to_quote")) : el("span", {}, X.t("not_marked")),
          " · ", el("a", { href: X.apiUrl("statistics/" + stat.id + "/") }, X.t("in_api")))
      ));
    });
  }

  /* Findings (checks on the document) and corrections: shown when the API reports them. */
  function renderFindings(doc) {
    var items = [];
    (doc.findings || []).forEach(function (finding) {
      items.push(el("li", { class: "finding" }, typeof finding === "string" ? finding
        : [finding.kind || finding.code, finding.message || finding.description || finding.detail].filter(Boolean).join("：")));
    });
    if (doc.review_status === "corrected") items.push(el("li", {}, X.t("document_corrected")));
    var corrected = doc.statistics.filter(function (s) { return s.corrected; });
    corrected.forEach(function (stat) {
      items.push(el("li", {}, el("a", { href: "#stat-" + stat.id }, describe(stat)), " · " + X.t("corrected")));
    });
    if (!items.length) return;
    var list = X.clear(document.querySelector("[data-findings]"));
    items.forEach(function (item) { list.appendChild(item); });
    document.querySelector("[data-findings-section]").hidden = false;
  }

  X.loading();
  X.getJSON("documents/" + id + "/").then(function (doc) {
    renderMeta(doc);
    var kept = marks(doc), anchors = headingAnchors(doc);
    renderText(doc, kept, anchors);
    renderOutline(doc.sections);
    renderStatistics(doc, kept);
    renderFindings(doc);
    X.done();
    if (window.location.hash) {
      var target = document.getElementById(window.location.hash.slice(1));
      if (target) target.scrollIntoView();
    }
  }).catch(X.showError);
})(window.Explorer);
