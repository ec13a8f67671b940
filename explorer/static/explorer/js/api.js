/* Shared by every explorer page: API calls with Chinese errors, labels, and a small DOM builder. */
"use strict";
(function () {
  var ui = JSON.parse(document.getElementById("explorer-ui").textContent);

  function t(key, params) {
    var text = ui.messages[key] || key;
    Object.keys(params || {}).forEach(function (name) {
      text = text.split("%(" + name + ")s").join(String(params[name]));
    });
    return text;
  }

  function query(params) {
    var search = new URLSearchParams();
    Object.keys(params || {}).forEach(function (key) {
      var values = Array.isArray(params[key]) ? params[key] : [params[key]];
      values.forEach(function (value) {
        if (value !== undefined && value !== null && String(value).trim() !== "") search.append(key, value);
      });
    });
    return search.toString();
  }

  function apiUrl(path, params) {
    var qs = query(params);
    return ui.api + path + (qs ? "?" + qs : "");
  }

  function ApiError(status) {
    this.status = status;
    this.message = status === 404 ? t("not_found") : status ? t("api_error", { status: status }) : t("network_error");
  }

  /* GET a JSON resource of the API; rejects with an ApiError whose message is for people. */
  function fetchJSON(url) {
    return fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" }).then(
      function (response) {
        if (!response.ok) throw new ApiError(response.status);
        return response.json();
      },
      function () {
        throw new ApiError(0);
      }
    );
  }

  function getJSON(path, params) {
    return fetchJSON(apiUrl(path, params));
  }

  /* Every row of a list: its pages of 500 followed by their "next" links, at most maxPages (20) requests. */
  function getAll(path, params, maxPages) {
    var rows = [];
    function page(url, left) {
      return fetchJSON(url).then(function (data) {
        rows = rows.concat(data.results);
        return data.next && left > 1 ? page(data.next, left - 1) : rows;
      });
    }
    return page(apiUrl(path, Object.assign({ page_size: 500 }, params)), maxPages || 20);
  }

  /* el("a", {href: "/x", class: "y"}, "text", child…): elements with text set as text, never as HTML. */
  function el(tag, attrs) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      var value = attrs[name];
      if (value === undefined || value === null || value === false) return;
      if (name === "text") node.textContent = value;
      else node.setAttribute(name, value === true ? "" : value);
    });
    for (var i = 2; i < arguments.length; i++) {
      var child = arguments[i];
      if (child === undefined || child === null || child === false) continue;
      node.appendChild(typeof child === "string" || typeof child === "number" ? document.createTextNode(String(child)) : child);
    }
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
    return node;
  }

  /* The page says what went wrong, in Chinese, where the data would have been. */
  function showError(error) {
    var message = error && error.message && error instanceof ApiError ? error.message : t("network_error");
    var status = document.querySelector("[data-status]");
    clear(status).appendChild(el("p", { class: "error", role: "alert" }, message));
    document.body.setAttribute("data-state", "error");
    if (!(error instanceof ApiError) && window.console) console.error(error);  // a bug, not the API: the tests fail on it
  }

  function done() {
    clear(document.querySelector("[data-status]"));
    document.body.setAttribute("data-state", "ready");
  }

  function loading() {
    var status = document.querySelector("[data-status]");
    clear(status).appendChild(el("p", { class: "loading" }, t("loading")));
  }

  /* Only <mark> survives from the API's HTML snippets; everything else is text. */
  function snippet(html) {
    var out = el("span", { class: "snippet" });
    String(html || "").split(/(<mark>|<\/mark>)/).reduce(function (inMark, part) {
      if (part === "<mark>") return true;
      if (part === "</mark>") return false;
      var text = new DOMParser().parseFromString("<p>" + part.replace(/<[^>]*>/g, "") + "</p>", "text/html").body.textContent;
      out.appendChild(inMark ? el("mark", {}, text) : document.createTextNode(text));
      return inMark;
    }, false);
    return out;
  }

  function number(n) {
    return n === null || n === undefined ? "–" : Number(n).toLocaleString("zh-CN");
  }

  function kindLabel(kind) {
    return ui.kinds[kind] || kind;
  }

  function metricLabel(metric) {
    return ui.metrics[metric] || metric;
  }

  /* One line of a document list: title link, then county, kind and year. */
  function documentItem(doc) {
    var year = doc.date || doc.review_year || "";
    return el(
      "li", {},
      el("a", { href: "/documents/" + doc.id + "/", class: "title" }, doc.title || kindLabel(doc.kind)),
      el("span", { class: "doc-meta" },
        el("a", { href: "/counties/" + doc.county.code + "/" }, doc.county.name),
        " · " + (doc.province ? doc.province.name + " · " : "") + kindLabel(doc.kind) + (year ? " · " + year : ""))
    );
  }

  window.Explorer = {
    ui: ui, t: t, query: query, apiUrl: apiUrl, getJSON: getJSON, getAll: getAll, el: el, clear: clear, showError: showError,
    done: done, loading: loading, snippet: snippet, number: number, kindLabel: kindLabel, metricLabel: metricLabel,
    documentItem: documentItem, params: new URLSearchParams(window.location.search)
  };
})();
