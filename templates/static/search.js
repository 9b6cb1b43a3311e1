// The search box in the header: our own small UI on Pagefind's JS API.
// Pagefind (/pagefind/, built after the site) is loaded on first use; its
// filter files only when a filter is chosen. The filter choices come from
// /search-filters.json (made with the site: each filter's name, label and
// values), fetched when "Filters" is first opened. No /pagefind/: the search box says search is not available.
// The index is in shards of consecutive dates, listed newest first in
// /pagefind/shards.json; a search opens them in that order, only as far as
// the results shown need (see searchOn), so results come newest first and
// a common word downloads the newest shards' index, not the whole archive's.
(function () {
  "use strict";
  var PAGE = 10, EXCERPT = 24; // results a page; words in an excerpt
  var TYPE_TO_PICK = 30; // a filter with more values than this is a text box with suggestions, not a list
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December"];
  var pagefind = null, starting = null, filling = null, values = {}, latest = 0, timer = 0;
  var shards = [], found = { results: [], next: 0 }, shown = 0;
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
        return pagefind.options({ excerptLength: EXCERPT }).then(function () { pagefind.init(); }).then(listShards);
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

  function listShards() {
    return getJSON("/pagefind/shards.json").then(function (listing) {
      shards = Array.isArray(listing.shards) ? listing.shards : [];
    });
  }

  // A shard is merged into Pagefind once, with a filter naming it: every search
  // names one shard, so each shard's results come apart, in its own date order.
  function openShard(shard) {
    if (!shard.merged) {
      shard.merged = pagefind.mergeIndex("/pagefind/shards/" + shard.key + "/",
                                         { excerptLength: EXCERPT, mergeFilter: { shard: shard.key } });
    }
    return shard.merged;
  }

  // Search the next shards until there are `count` results or no shards left.
  async function searchOn(state, count) {
    while (state.results.length < count && state.next < shards.length) {
      var shard = shards[state.next++];
      await openShard(shard);
      var filters = Object.assign({}, state.filters, { shard: shard.key });
      var answer = await pagefind.search(state.term || null, { filters: filters, sort: { date: "desc" } });
      var results = (answer && answer.results) || [];
      if (results.length && state.term && !(await hasTerms(results[0], state.term))) results = [];
      state.results = state.results.concat(results);
    }
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
    if (!term && !names.length) { found = { results: [], next: 0 }; shown = 0; list.textContent = ""; status.textContent = ""; more.hidden = true; return; }
    var what = (term ? " for “" + term + "”" : "") + (names.length ? " in " + names.join(", ") : "");
    var state = { term: term, filters: filters, results: [], next: 0, what: what };
    await searchOn(state, PAGE + 1);
    if (ticket !== latest) return;
    found = state; shown = 0; list.textContent = "";
    await showMore(null, ticket);
  }

  // Pagefind answers a term no indexed word starts with by the longest indexed
  // word the term starts with ("navalny" → "naval"), so a shard without the word
  // would answer for another. The words its first result matched tell: each term
  // must start one of them, or be one of them with another ending.
  async function hasTerms(result, term) {
    var data = await dataOf(result);
    var words = (data.content || "").split(/[\r\n\s]+/g);
    var matched = (data.locations || []).map(function (at) { return plain(words[at] || ""); });
    return plain(term).split(" ").filter(Boolean).every(function (t) {
      return matched.some(function (w) { return w.startsWith(t) || sameStem(t, w); });
    });
  }

  function plain(text) { return text.toLowerCase().replace(/[^\p{L}\p{N}_\s]/gu, "").replace(/\s+/g, " ").trim(); }

  var ENDINGS = /^(s|es|ed|d|ing|ings|er|ers|est|ly|ies|ied|ion|ions|ment|ments|ness|y|e)$/;

  function sameStem(t, w) { // "policies" ~ "policy", "running" ~ "runs": near enough, as Pagefind stems
    var n = shared(t, w), rest = t.slice(n);
    if (rest && rest[0] === t[n - 1]) rest = rest.slice(1); // a doubled consonant: "run-n-ing"
    return n >= 3 && (rest === "" || ENDINGS.test(rest));
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

  async function showMore(event, ticket) {
    ticket = ticket || latest;
    var state = found;
    await searchOn(state, shown + PAGE + 1); // and one more: is there a next page?
    var page = state.results.slice(shown, shown + PAGE);
    var data = await Promise.all(page.map(dataOf));
    if (ticket !== latest || state !== found) return;
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
    var total = state.results.length, older = state.next < shards.length; // older shards not searched yet: "11+"
    status.textContent = (total ? total + (older ? "+" : "") : "No") + (total === 1 && !older ? " result" : " results") + state.what;
    more.hidden = shown >= total && !older;
    if (event && first) first.focus(); // "More results": carry on reading from the first new one
  }

  window.addEventListener("DOMContentLoaded", function () {
    var mount = document.getElementById("search");
    if (mount) build(mount);
  });
})();
