// The search box in the header: our own small UI on Pagefind's JS API.
// Pagefind (/pagefind/, built after the site) is loaded on first use; its
// filter files only when a filter is chosen. The filter choices come from
// /search-filters.json (made with the site: each filter's name, label and
// values), fetched when "Filters" is first opened. No /pagefind/: the search box says search is not available.
// /pagefind-delta/ holds the briefings changed since /pagefind/ was built
// (changes.json: the delta's page ids with their dates, and the base's
// page ids to hide); it is merged in, and the two date-ordered lists are
// interleaved as results are shown.
(function () {
  "use strict";
  var PAGE = 10, EXCERPT = 24; // results a page; words in an excerpt
  var TYPE_TO_PICK = 30; // a filter with more values than this is a text box with suggestions, not a list
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December"];
  var pagefind = null, starting = null, filling = null, values = {}, latest = 0, timer = 0;
  var delta = new Map(), hidden = new Set(), deltaWords = [], fresh = [];
  var lists = { base: [], changed: [] }, total = 0, shown = 0;
  var form, input, summary, status, list, more, fields, controls = {};

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text) node.textContent = text;
    return node;
  }

  function build(mount) {
    form = el("form", { id: "search-form", "class": "search-form", action: "/" });
    form.appendChild(el("label", { "for": "search-input", "class": "visually-hidden" }, "Search the briefings"));
    input = el("input", { id: "search-input", type: "search", autocomplete: "off", spellcheck: "false",
                          placeholder: "Search briefings, issues, people…", "aria-describedby": "search-status" });
    form.appendChild(input);
    var box = el("details", { id: "search-filters", "class": "search-filters" });
    summary = el("summary", {}, "Filters");
    box.appendChild(summary);
    fields = el("div", { "class": "search-filter-fields" });
    box.appendChild(fields);
    box.addEventListener("toggle", function () { if (box.open) loadFilters(); });
    form.appendChild(box);
    status = el("p", { id: "search-status", "class": "search-status", role: "status", "aria-live": "polite" });
    list = el("ol", { id: "search-results", "class": "search-results" });
    more = el("button", { id: "search-more", "class": "search-more", type: "button", hidden: "" }, "More results");
    [form, status, list, more].forEach(function (node) { mount.appendChild(node); });
    form.addEventListener("submit", function (event) { event.preventDefault(); clearTimeout(timer); run(); });
    input.addEventListener("input", later);
    input.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && input.value) { input.value = ""; run(); }
    });
    form.addEventListener("focusin", start);
    more.addEventListener("click", showMore);
  }

  function start() {
    if (!starting) {
      starting = import("/pagefind/pagefind.js").then(function (module) {
        pagefind = module;
        return pagefind.options({ excerptLength: EXCERPT }).then(function () { pagefind.init(); }).then(mergeChanges);
      }).catch(function () {
        pagefind = null;
        status.textContent = "Search is not available on this copy of the site.";
      });
    }
    return starting;
  }

  function getJSON(url) { // {} when missing or unreadable
    return fetch(url).then(function (r) { return r.ok ? r.json() : {}; }).catch(function () { return {}; });
  }

  function mergeChanges() { // no changes.json (an older site): the base alone
    return getJSON("/pagefind-delta/changes.json").then(function (changes) {
        delta = new Map(Object.entries(changes.delta || {}));
        hidden = new Set(changes.hidden || []);
        deltaWords = changes.words || [];
        fresh = changes.fresh || [];
        if (delta.size) return pagefind.mergeIndex("/pagefind-delta/", { excerptLength: EXCERPT });
      });
  }

  function loadFilters() { // the filter choices: fetched when the filters are first opened
    if (!filling) {
      filling = getJSON("/search-filters.json").then(fill);
    }
    return filling;
  }

  function fill(data) { // one control per filter, in the order and with the labels the site gives
    (Array.isArray(data) ? data : []).filter(function (f) { return f.values && f.values.length; }).forEach(function (f) {
      var names = Array.isArray(f.values) ? f.values : [], id = "search-filter-" + f.name;
      var field = el("div", { "class": "search-filter" }), control, options;
      field.appendChild(el("label", { "for": id }, f.label));
      if (names.length > TYPE_TO_PICK) {
        control = el("input", { id: id, type: "text", list: id + "-list", autocomplete: "off", placeholder: "Any" });
        options = el("datalist", { id: id + "-list" });
        field.appendChild(control);
        field.appendChild(options);
      } else {
        control = options = el("select", { id: id });
        control.appendChild(el("option", { value: "" }, "Any"));
        field.appendChild(control);
      }
      names.forEach(function (name) { options.appendChild(el("option", { value: name }, control === options ? name : "")); });
      control.addEventListener(control === options ? "change" : "input", later);
      values[f.name] = new Set(names);
      controls[f.name] = control;
      fields.appendChild(field);
    });
  }

  function later() { clearTimeout(timer); timer = setTimeout(run, 200); }

  function chosen() { // only filters set to a known value (a half-typed name is no filter)
    var filters = {};
    Object.keys(controls).forEach(function (name) {
      var value = controls[name].value.trim();
      if (value && values[name] && values[name].has(value)) filters[name] = value;
    });
    return filters;
  }

  async function run() {
    var ticket = ++latest;
    await start();
    if (!pagefind || ticket !== latest) return;
    var term = input.value.trim(), filters = chosen(), names = Object.values(filters);
    summary.textContent = names.length ? "Filters (" + names.length + ")" : "Filters";
    if (!term && !names.length) { lists = { base: [], changed: [] }; total = shown = 0; list.textContent = ""; status.textContent = ""; more.hidden = true; return; }
    var search = await pagefind.search(term || null, { filters: filters, sort: { date: "desc" } });
    if (ticket !== latest || !search) return;
    // Each index's results come newest first; the base's changed ones are dropped,
    // and an index's whole answer when it has no word for a term (see answers()).
    var valid = answers(term);
    var changed = valid.delta ? search.results.filter(function (r) { return delta.has(r.id); }) : [];
    changed.sort(function (a, b) { return delta.get(b.id) < delta.get(a.id) ? -1 : delta.get(b.id) > delta.get(a.id) ? 1 : 0; });
    lists = { base: valid.base ? search.results.filter(function (r) { return !delta.has(r.id) && !hidden.has(r.id); }) : [],
              changed: changed };
    total = lists.base.length + changed.length; shown = 0; list.textContent = "";
    var what = (term ? " for “" + term + "”" : "") + (names.length ? " in " + names.join(", ") : "");
    status.textContent = (total ? total : "No") + (total === 1 ? " result" : " results") + what;
    await showMore(null, ticket);
  }

  // Pagefind answers a term no indexed word starts with by the longest indexed
  // word the term starts with ("newword" → "new"). One index would find the
  // word in the other; so each index's answer counts only if it has the word.
  function answers(term) {
    var terms = (term.toLowerCase().match(/[\p{L}\p{N}_]+/gu) || []);
    if (!delta.size && !hidden.size) return { base: true, delta: true };
    return {
      base: !terms.some(function (t) {
        return fresh.some(function (f) { return t.startsWith(f[0]) && f[1].startsWith(t); });
      }),
      // Near enough, not exact: Pagefind matches stems ("sanctions" → "sanction").
      delta: terms.every(function (t) {
        var need = Math.min(t.length, Math.max(4, t.length - 3));
        return deltaWords.some(function (w) { return shared(t, w) >= need; });
      })
    };
  }

  function shared(a, b) {
    var n = 0;
    while (n < a.length && n < b.length && a[n] === b[n]) n++;
    return n;
  }

  function dataOf(result) { // each result's fragment is fetched once
    if (!result.loaded) result.loaded = result.data();
    return result.loaded;
  }

  async function nextPage(from) { // the next PAGE results of the two lists, newest first
    var page = [];
    while (page.length < PAGE && (from.base.length || from.changed.length)) {
      var take = from.base.length ? from.base : from.changed;
      if (from.base.length && from.changed.length) {
        var base = await dataOf(from.base[0]);
        if (((base.meta && base.meta.date) || "") < delta.get(from.changed[0].id)) take = from.changed;
      }
      page.push(take.shift());
    }
    return page;
  }

  async function showMore(event, ticket) {
    ticket = ticket || latest;
    var page = await nextPage(lists);
    var data = await Promise.all(page.map(dataOf));
    if (ticket !== latest) return;
    var first = null;
    data.forEach(function (d) {
      var item = el("li", { "class": "search-result" });
      var link = el("a", { "class": "search-result-link", href: /^\/(?!\/)/.test(d.url) ? d.url : "#" },
                    (d.meta && d.meta.title) || d.url);
      var heading = el("h3", { "class": "search-result-title" });
      heading.appendChild(link);
      item.appendChild(heading);
      var date = d.meta && d.meta.date;
      if (date && /^\d{4}-\d\d-\d\d$/.test(date)) {
        var parts = date.split("-");
        item.appendChild(el("time", { "class": "search-result-date", datetime: date },
                            Number(parts[2]) + " " + MONTHS[Number(parts[1]) - 1] + " " + parts[0]));
      }
      var excerpt = el("p", { "class": "search-result-excerpt" });
      excerpt.innerHTML = d.excerpt || ""; // Pagefind's excerpt: escaped text with <mark>s
      item.appendChild(excerpt);
      list.appendChild(item);
      first = first || link;
    });
    shown += page.length;
    more.hidden = shown >= total;
    if (event && first) first.focus(); // "More results": carry on reading from the first new one
  }

  window.addEventListener("DOMContentLoaded", function () {
    var mount = document.getElementById("search");
    if (mount) build(mount);
  });
})();
