// The search page (/search/): our own small UI on Pagefind's JS API.
// Its state lives in the address (?q=…&issue=…&actor=…&country=…&year=…): opening
// the address shows the same results, and each settled search is an entry in the
// history, so Back and Forward restore it. Every page's header has a plain form
// that submits here (no script needed there).
// Pagefind (/pagefind/, built after the site) is loaded on first use; its
// filter files only when a filter is chosen. The filter choices come from
// /search-filters.json (made with the site: each filter's name, label and
// values), fetched when "Filters" is first opened or the address sets a filter.
// Issue and actor pages found by name or alias come from /search-topics.json and
// are offered first. No /pagefind/: the page says search is not available.
// The index is in shards of consecutive dates, listed newest first in
// /pagefind/shards.json (a row a shard); a search opens them in that order, only as far as
// the results shown need (see searchOn), so results come newest first and
// a common word downloads the newest shards' index, not the whole archive's.
(function () {
  "use strict";
  var PAGE = 10, EXCERPT = 24, TOPICS = 4; // results a page; words in an excerpt; topics offered
  var TYPE_TO_PICK = 30; // a filter with more values than this is a text box with suggestions, not a list
  var NEW_ENTRY_AFTER = 1000; // ms: typing on after a pause starts a new history entry
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December"];
  var pagefind = null, starting = null, filling = null, topics = null, values = {}, latest = 0, timer = 0;
  var shards = [], lists = { results: [], next: 0, what: "" }, shown = 0;
  var state = { q: "", filters: {} }, names = [], written = 0, title = document.title;
  var form, input, summary, status, scope, widen, topicSection, topicList, resultSection, list, more, fields, controls = {};

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text) node.textContent = text;
    return node;
  }

  function find(id) { return document.getElementById(id); }

  function setUp() {
    input = find("search-input"); summary = document.querySelector("#search-filters > summary");
    status = find("search-status"); scope = find("search-scope"); widen = find("search-widen");
    list = find("search-results");
    more = find("search-more"); fields = document.querySelector(".search-filter-fields");
    topicSection = find("search-topics"); topicList = topicSection.querySelector("ul");
    resultSection = find("search-briefings");
    names = (form.getAttribute("data-filters") || "").split(" ").filter(Boolean);
    form.addEventListener("submit", function (event) {
      event.preventDefault(); clearTimeout(timer); state.q = input.value.trim(); run("push");
    });
    input.addEventListener("input", function () { state.q = input.value.trim(); later(); });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && input.value) { input.value = state.q = ""; run("auto"); }
    });
    find("search-filters").addEventListener("toggle", function (event) { if (event.target.open) loadFilters(); });
    form.addEventListener("focusin", start);
    widen.addEventListener("click", function () { state.filters = {}; show(); run("push"); input.focus(); });
    more.addEventListener("click", showMore);
    window.addEventListener("popstate", function () { state = fromAddress(); show(); run(null); });
    state = fromAddress();
    history.replaceState(address(state), "", address(state));
    show();
    if (Object.keys(state.filters).length) loadFilters();
    if (state.q || Object.keys(state.filters).length) run(null);
  }

  // --- the address ---------------------------------------------------------

  function fromAddress() { // the search the address asks for (the filters the site has)
    var params = new URLSearchParams(location.search), filters = {};
    names.forEach(function (name) { var v = (params.get(name) || "").trim(); if (v) filters[name] = v; });
    return { q: (params.get("q") || "").trim(), filters: filters };
  }

  function address(s) { // "/search/?q=…&issue=…": the query first, then the filters in the site's order
    var params = new URLSearchParams();
    if (s.q) params.set("q", s.q);
    names.forEach(function (name) { if (s.filters[name]) params.set(name, s.filters[name]); });
    var query = params.toString();
    return location.pathname + (query ? "?" + query : "");
  }

  // "push": a new history entry; "auto": a new one unless the last was written a moment
  // ago (typing on); null: none (the address already says it: loading, Back, Forward).
  function record(how) {
    var target = address(state), now = Date.now();
    if (!how || target === location.pathname + location.search) return;
    if (how === "push" || now - written > NEW_ENTRY_AFTER) history.pushState(target, "", target);
    else history.replaceState(target, "", target);
    written = how === "auto" ? now : 0;
  }

  function show() { // the controls, as the state says
    if (input.value.trim() !== state.q) input.value = state.q;
    Object.keys(controls).forEach(function (name) { controls[name].value = state.filters[name] || ""; });
    var chosen = names.filter(function (name) { return state.filters[name]; });
    summary.textContent = chosen.length ? "Filters (" + chosen.length + ")" : "Filters";
    // The scope is drawn from the address at once, above the answer: nothing moves when it comes.
    scope.firstChild.textContent = "Only " + chosen.map(function (name) {
      return (name === "actor" ? "with " : "in ") + state.filters[name];
    }).join(", ");
    scope.hidden = !chosen.length;
    document.title = state.q ? "“" + state.q + "” · " + title : title;
  }

  // --- Pagefind, the filters, the topics --------------------------------------

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

  function listShards() { // {columns: [name…], shards: [[value…]…]}: each row a shard, as an object
    return getJSON("/pagefind/shards.json").then(function (listing) {
      var columns = Array.isArray(listing.columns) ? listing.columns : [];
      shards = (Array.isArray(listing.shards) ? listing.shards : []).filter(Array.isArray).map(function (row) {
        var shard = {};
        columns.forEach(function (name, i) { shard[name] = row[i]; });
        return shard;
      }).filter(function (shard) { return typeof shard.key === "string"; });
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

  // Search the next shards of `from` until it has `count` results or no shards are left.
  async function searchOn(from, count) {
    while (from.results.length < count && from.next < shards.length) {
      var shard = shards[from.next++];
      await openShard(shard);
      var filters = Object.assign({}, from.filters, { shard: shard.key });
      var answer = await pagefind.search(from.term || null, { filters: filters, sort: { date: "desc" } });
      var results = (answer && answer.results) || [];
      if (results.length && from.term && !(await hasTerms(results[0], from.term))) results = [];
      from.results = from.results.concat(results);
    }
  }

  function loadFilters() { // the filter choices: fetched when first needed
    if (!filling) filling = getJSON("/search-filters.json").then(fill);
    return filling;
  }

  function fill(data) { // one control per filter, in the order and with the labels the site gives
    (Array.isArray(data) ? data : []).filter(function (f) { return f.values && f.values.length; }).forEach(function (f) {
      var choices = Array.isArray(f.values) ? f.values : [], id = "search-filter-" + f.name;
      var field = el("div", { "class": "search-filter" }), control, options;
      field.appendChild(el("label", { "for": id }, f.label));
      if (choices.length > TYPE_TO_PICK) {
        control = el("input", { id: id, type: "text", list: id + "-list", autocomplete: "off", placeholder: "Any" });
        options = el("datalist", { id: id + "-list" });
        field.appendChild(control);
        field.appendChild(options);
      } else {
        control = options = el("select", { id: id });
        control.appendChild(el("option", { value: "" }, "Any"));
        field.appendChild(control);
      }
      choices.forEach(function (name) { options.appendChild(el("option", { value: name }, control === options ? name : "")); });
      control.addEventListener(control === options ? "change" : "input", function () { choose(f.name, control); });
      values[f.name] = new Set(choices);
      controls[f.name] = control;
      control.value = state.filters[f.name] || "";
      fields.appendChild(field);
    });
  }

  function choose(name, control) { // only a known value is a filter (a half-typed name is none)
    var value = control.value.trim(), was = state.filters[name];
    if (value && values[name].has(value)) state.filters[name] = value;
    else delete state.filters[name];
    if (state.filters[name] === was) return;
    show();
    clearTimeout(timer);
    run(control.tagName === "SELECT" ? "push" : "auto");
  }

  function loadTopics() { // every issue and actor page with the names it is found by
    if (!topics) {
      topics = getJSON("/search-topics.json").then(function (data) {
        return (Array.isArray(data) ? data : []).filter(Array.isArray).map(function (row) { // [name, url, about, briefings, aliases]
          var t = { name: String(row[0]), url: String(row[1]), about: String(row[2] || ""), briefings: Number(row[3]) || 0 };
          var known = [t.name].concat(Array.isArray(row[4]) ? row[4].map(String) : []);
          return { topic: t, names: known.map(function (n) { return { name: n, words: words(n) }; }) };
        });
      });
    }
    return topics;
  }

  function words(text) { // lower case, without accents: "Sergéy Lavrov" → ["sergey", "lavrov"]
    return text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().match(/[\p{L}\p{N}]+/gu) || [];
  }

  // A topic is offered when each word searched begins a word of its name or of one of
  // its aliases; a whole name first, then the topics with the most briefings.
  function matchTopics(all, term) {
    var wanted = words(term);
    if (!wanted.length) return [];
    var whole = wanted.join(" "), found = [];
    all.forEach(function (t) {
      var hit = t.names.find(function (n) {
        return wanted.every(function (w) { return n.words.some(function (v) { return v.startsWith(w); }); });
      });
      if (hit) found.push({ topic: t.topic, alias: hit.name === t.topic.name ? "" : hit.name,
                            exact: t.names.some(function (n) { return n.words.join(" ") === whole; }) });
    });
    found.sort(function (a, b) {
      return (b.exact - a.exact) || ((b.topic.briefings || 0) - (a.topic.briefings || 0))
        || (a.topic.name < b.topic.name ? -1 : a.topic.name > b.topic.name ? 1 : 0);
    });
    return found.slice(0, TOPICS);
  }

  // --- searching ---------------------------------------------------------------

  function later() { clearTimeout(timer); timer = setTimeout(function () { run("auto"); }, 200); }

  async function run(how) {
    var ticket = ++latest;
    record(how);
    show();
    var term = state.q, filters = Object.assign({}, state.filters), chosen = Object.values(filters);
    var found = term ? loadTopics() : []; // fetched while Pagefind starts
    await start();
    if (!pagefind || ticket !== latest) return;
    if (!term && !chosen.length) { clear(); return; }
    var what = (term ? " for “" + term + "”" : "") + (chosen.length ? " in " + chosen.join(", ") : "");
    var next = { term: term, filters: filters, results: [], next: 0, what: what };
    var answers = await Promise.all([searchOn(next, PAGE + 1), found]);
    if (ticket !== latest) return;
    var page = next.results.slice(0, PAGE), data = await Promise.all(page.map(dataOf));
    if (ticket !== latest) return;
    // Everything is drawn at once, so nothing shown moves when a later part arrives.
    lists = next; shown = 0;
    showTopics(matchTopics(term ? answers[1] : [], term));
    list.textContent = "";
    resultSection.hidden = !next.results.length;
    showPage(page, data, null);
  }

  function clear() {
    lists = { results: [], next: 0, what: "" }; shown = 0;
    list.textContent = topicList.textContent = status.textContent = "";
    more.hidden = topicSection.hidden = resultSection.hidden = true;
  }

  // Pagefind answers a term no indexed word starts with by the longest indexed
  // word the term starts with ("navalny" → "naval"), so a shard without the word
  // would answer for another. The words its first result matched tell: each term
  // must start one of them, or be one of them with another ending.
  async function hasTerms(result, term) {
    var data = await dataOf(result);
    var text = (data.content || "").split(/[\r\n\s]+/g);
    var matched = [];
    (data.locations || []).forEach(function (at) { // "anti-missile": "anti", "missile" and "antimissile"
      var parts = words(text[at] || "");
      matched = matched.concat(parts, [parts.join("")]);
    });
    return words(term).every(function (t) {
      return matched.some(function (w) { return w.startsWith(t) || sameStem(t, w); });
    });
  }

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

  async function showMore(event) {
    var ticket = latest, from = lists;
    await searchOn(from, shown + PAGE + 1); // and one more: is there a next page?
    var page = from.results.slice(shown, shown + PAGE), data = await Promise.all(page.map(dataOf));
    if (ticket === latest && from === lists) showPage(page, data, event);
  }

  // --- drawing -----------------------------------------------------------------

  function showTopics(found) {
    topicList.textContent = "";
    found.forEach(function (f) {
      var item = el("li", { "class": "search-topic" });
      item.appendChild(el("a", { href: /^\/(?!\/)/.test(f.topic.url) ? f.topic.url : "#" }, f.topic.name));
      var count = f.topic.briefings || 0;
      var about = [f.topic.about, count + (count === 1 ? " briefing" : " briefings")];
      if (f.alias) about.push("also known as " + f.alias);
      item.appendChild(el("span", { "class": "meta" }, about.filter(Boolean).join(" · ")));
      topicList.appendChild(item);
    });
    topicSection.hidden = !found.length;
  }

  function showPage(page, data, event) {
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
      item.appendChild(excerpt(d));
      list.appendChild(item);
      first = first || link;
    });
    shown += page.length;
    var total = lists.results.length, older = lists.next < shards.length; // older shards not searched yet: "11+"
    status.textContent = (total ? total + (older ? "+" : "") : "No") + (total === 1 && !older ? " result" : " results") + lists.what;
    more.hidden = shown >= total && !older;
    if (event && first) first.focus(); // "More results": carry on reading from the first new one
  }

  // The briefing's own words around the best match: a stretch of its text (from the
  // summary to the quotes, meta.excerpt_from to excerpt_to), never the list of names
  // and aliases the record ends with; from the start of a sentence when one begins
  // shortly before. No match in the text (a name only): the start of the summary.
  function excerpt(d) {
    var text = (d.content || "").split(/[\r\n\s]+/g), meta = d.meta || {};
    var from = Math.max(0, Number(meta.excerpt_from) || 0);
    var to = Math.min(text.length, Number(meta.excerpt_to) || text.length);
    var hits = (d.locations || []).filter(function (at) { return at >= from && at < to; }).sort(function (a, b) { return a - b; });
    var start = sentenceStart(text, densest(hits), from);
    var end = Math.min(to, start + EXCERPT), marked = new Set(hits);
    var node = el("p", { "class": "search-result-excerpt" });
    if (start > from && !/[.!?…:]["'”’)]*$/.test(text[start - 1])) node.appendChild(document.createTextNode("… "));
    for (var at = start; at < end; at++) {
      if (at > start) node.appendChild(document.createTextNode(" "));
      if (marked.has(at)) mark(node, text[at]); else node.appendChild(document.createTextNode(text[at]));
    }
    if (end < to) node.appendChild(document.createTextNode(" …"));
    return node;
  }

  function mark(node, word) { // "missile." → <mark>missile</mark>.
    var parts = word.match(/^([^\p{L}\p{N}]*)(.*?)([^\p{L}\p{N}]*)$/u);
    if (!parts[2]) { node.appendChild(el("mark", {}, word)); return; }
    if (parts[1]) node.appendChild(document.createTextNode(parts[1]));
    node.appendChild(el("mark", {}, parts[2]));
    if (parts[3]) node.appendChild(document.createTextNode(parts[3]));
  }

  function densest(hits) { // the match that begins the window of EXCERPT words with the most matches
    var best = hits.length ? hits[0] : -1, most = 0;
    hits.forEach(function (at, i) {
      var count = hits.filter(function (other) { return other >= at && other < at + EXCERPT; }).length;
      if (count > most) { most = count; best = at; }
    });
    return best;
  }

  function sentenceStart(text, at, from) {
    if (at < 0) return from;
    for (var back = at; back > Math.max(from, at - 10); back--) {
      if (/[.!?…]["'”’)]*$/.test(text[back - 1])) return back;
    }
    return Math.max(from, at - 3);
  }

  window.addEventListener("DOMContentLoaded", function () {
    form = find("search-form");
    if (form && find("search-results")) setUp();
  });
})();
