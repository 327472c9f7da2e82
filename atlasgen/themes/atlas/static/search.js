/* Atlas search page: Pagefind's browser API and a small UI.
   The index is cut into shards by publication date, each a Pagefind bundle in
   /pagefind/<shard>/, named newest first in /pagefind/shards.json: the newest is loaded
   and the others merged into it (Pagefind's mergeIndex), so one search covers them all.
   The query, section, author and order live in the address (?q=&section=&author=&sort=),
   so a search can be shared, reloaded and reached from the header's search box. */
(function () {
  "use strict";
  var root = document.querySelector("[data-search-page]");
  if (!root) return;
  var form = root.querySelector(".search-form");
  var fields = form.elements;
  var status = root.querySelector(".search-status");
  var list = root.querySelector(".search-results");
  var more = root.querySelector(".search-more");
  var bundle = root.getAttribute("data-bundle");
  var base = root.getAttribute("data-base");
  var PAGE = 10;
  var DEBOUNCE = 250;
  var engine = null;
  var shards = []; /* names, newest first */
  var found = [];
  var shown = 0;
  var latest = 0;

  /* Pagefind with every shard merged, or null when nothing is indexed. Each shard carries
     a filter of its own name ("shard"), which sorted searches use (sorted()). */
  function load() {
    if (!engine) {
      engine = fetch(bundle + "shards.json?ts=" + Date.now()).then(function (response) {
        if (!response.ok) throw new Error("no shards.json");
        return response.json();
      }).then(function (manifest) {
        shards = manifest.shards.filter(speaks).map(function (shard) { return shard.name; });
        if (!shards.length) return null;
        return import(bundle + shards[0] + "/pagefind.js").then(function (pagefind) {
          var options = { baseUrl: base, excerptLength: 28, mergeFilter: { shard: shards[0] } };
          return pagefind.options(options)
            .then(function () { return pagefind.init(); })
            .then(function () {
              return Promise.all(shards.slice(1).map(function (name) {
                var merged = { baseUrl: base, excerptLength: 28, mergeFilter: { shard: name } };
                return pagefind.mergeIndex(bundle + name + "/", merged);
              }));
            })
            .then(function () { return pagefind; });
        });
      });
    }
    return engine;
  }

  /* Whether a shard holds stories in the page's language: Pagefind keeps an index per
     language in each shard, and would search another language's in a shard without it. */
  function speaks(shard) {
    var page = (document.documentElement.lang || "").toLowerCase();
    var languages = shard.languages || [];
    if (!page || !languages.length) return true;
    return languages.some(function (language) {
      language = language.toLowerCase();
      return language === page || language === page.split("-")[0];
    });
  }

  /* Pagefind ranks the merged shards' results by score; ordered by date, each shard's
     score is its place in that shard's order alone. So a search by date runs once per
     shard (its own "shard" filter) and the shards follow one another newest or oldest
     first: shards are whole years or months, one after another in time. */
  function sorted(pagefind, query, options) {
    var order = options.sort.date === "asc" ? shards.slice().reverse() : shards;
    return Promise.all(order.map(function (name) {
      var filters = Object.assign({}, options.filters, { shard: name });
      return pagefind.search(query, { filters: filters, sort: options.sort });
    })).then(function (searches) {
      return { results: [].concat.apply([], searches.map(function (s) { return s.results; })) };
    });
  }

  function search(pagefind, query, options) {
    return options.sort.date ? sorted(pagefind, query, options) : pagefind.search(query, options);
  }

  function pause(ms) {
    return new Promise(function (resolve) { setTimeout(resolve, ms); });
  }

  function choice() {
    var filters = {};
    if (fields.section.value) filters.section = fields.section.value;
    if (fields.author.value) filters.author = fields.author.value;
    var sort = {};
    if (fields.sort.value === "newest") sort.date = "desc";
    if (fields.sort.value === "oldest") sort.date = "asc";
    return { query: fields.q.value.trim(), options: { filters: filters, sort: sort } };
  }

  function remember(wanted) {
    var params = new URLSearchParams();
    if (wanted.query) params.set("q", wanted.query);
    ["section", "author", "sort"].forEach(function (name) {
      if (fields[name].value) params.set(name, fields[name].value);
    });
    var query = params.toString();
    history.replaceState(null, "", location.pathname + (query ? "?" + query : ""));
  }

  function element(tag, className, text) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (text) el.textContent = text;
    return el;
  }

  function result(data) {
    var meta = data.meta || {};
    var item = element("li", "search-result");
    var body = element("div", "search-result__body");
    var line = element("p", "search-result__meta");
    var section = data.filters && data.filters.section && data.filters.section[0];
    if (section) line.appendChild(element("span", "kicker", section));
    if (meta.date) {
      var time = element("time", "", meta.date_text || meta.date);
      time.setAttribute("datetime", meta.date);
      line.appendChild(time);
    }
    var title = element("h2", "search-result__title");
    var link = element("a", "", meta.title || data.url);
    link.href = data.url;
    title.appendChild(link);
    var excerpt = element("p", "search-result__excerpt");
    excerpt.innerHTML = data.excerpt; /* Pagefind escapes it; only <mark> is markup */
    body.appendChild(line);
    body.appendChild(title);
    body.appendChild(excerpt);
    item.appendChild(body);
    if (meta.image) {
      var img = element("img", "search-result__img");
      img.src = meta.image;
      img.alt = "";
      img.loading = "lazy";
      img.decoding = "async";
      item.appendChild(img);
    }
    return item;
  }

  function showMore(focus, ticket) {
    var batch = found.slice(shown, shown + PAGE);
    shown += batch.length;
    return Promise.all(batch.map(function (r) { return r.data(); })).then(function (data) {
      if (ticket !== latest) return; /* a newer search replaced these */
      var first = null;
      data.forEach(function (d) {
        var item = result(d);
        list.appendChild(item);
        first = first || item.querySelector("a");
      });
      more.hidden = shown >= found.length;
      if (focus && first) first.focus();
    });
  }

  /* The page's strings (search.html), in its language: "3 results for “gold” in
     Markets by Priya Raman, newest first." A plural string is its forms by CLDR
     category, picked with Intl.PluralRules. */
  var strings = {};
  try {
    strings = JSON.parse(document.getElementById("search-strings").textContent);
  } catch (err) { /* a theme without them: the keys show */ }
  var lang = document.documentElement.lang || "en";
  var plurals = window.Intl && Intl.PluralRules ? new Intl.PluralRules(lang) : null;
  var numbers = window.Intl ? new Intl.NumberFormat(lang) : null;

  function text(key, values, count) {
    var entry = strings[key] === undefined ? key : strings[key];
    if (typeof entry !== "string") {
      entry = entry[plurals ? plurals.select(count) : "other"] || entry.other;
    }
    return entry.replace(/\{(\w+)\}/g, function (all, name) {
      return values && values[name] !== undefined ? values[name] : all;
    });
  }

  function say(wanted, count) {
    var filters = wanted.options.filters;
    var what = wanted.query ? text("search.for", { query: wanted.query }) : "";
    if (filters.section) what += text("search.in", { section: filters.section });
    if (filters.author) what += text("search.by", { author: filters.author });
    if (wanted.options.sort.date) {
      what += text(wanted.options.sort.date === "desc" ? "search.newest_first" : "search.oldest_first");
    }
    if (count === 0) {
      status.textContent = text("search.none", { what: what });
    } else {
      var shown = numbers ? numbers.format(count) : String(count);
      status.textContent = text("search.found", { count: shown, what: what }, count);
    }
  }

  function run(debounce) {
    var wanted = choice();
    var ticket = ++latest;
    remember(wanted);
    var filtered = Object.keys(wanted.options.filters).length > 0;
    if (!wanted.query && !filtered) {
      found = [];
      list.textContent = "";
      more.hidden = true;
      status.textContent = "";
      return Promise.resolve();
    }
    return load().then(function (pagefind) {
      var query = wanted.query || null; /* null: everything the filters let through */
      if (!pagefind) return { results: [] }; /* nothing is indexed */
      return (debounce ? pause(DEBOUNCE) : Promise.resolve()).then(function () {
        if (ticket !== latest) return null; /* typed on: a newer search replaces it */
        return search(pagefind, query, wanted.options);
      });
    }).then(function (done) {
      if (done === null || ticket !== latest) return; /* a newer search replaced it */
      found = done.results;
      shown = 0;
      list.textContent = "";
      return showMore(false, ticket).then(function () {
        if (ticket === latest) say(wanted, found.length);
      });
    }).catch(function () {
      status.textContent = text("search.unavailable");
    });
  }

  /* The author list: every shard's author filter, tens of kilobytes on a large archive,
     loaded once, after the first results (or at once for an address naming an author). */
  var authors = null;
  function fillAuthors() {
    if (!authors) {
      authors = load().then(function (pagefind) {
        return pagefind ? pagefind.filters() : {};
      }).then(function (all) {
        var chosen = fields.author.value;
        Object.keys(all.author || {}).sort(function (a, b) { return a.localeCompare(b); })
          .forEach(function (name) {
            var option = element("option", "", name);
            option.value = name;
            fields.author.appendChild(option);
          });
        fields.author.value = chosen;
      }).catch(function () { /* run() reports it */ });
    }
    return authors;
  }

  var params = new URLSearchParams(location.search);
  fields.q.value = params.get("q") || "";
  fields.section.value = params.get("section") || "";
  fields.sort.value = params.get("sort") || "";
  form.hidden = false;

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    run(false);
  });
  fields.q.addEventListener("input", function () { run(true); });
  fields.q.addEventListener("keydown", function (event) {
    var first = list.querySelector("a");
    if (event.key === "ArrowDown" && first) {
      event.preventDefault();
      first.focus();
    }
  });
  ["section", "author", "sort"].forEach(function (name) {
    fields[name].addEventListener("change", function () { run(false); });
  });
  more.addEventListener("click", function () { showMore(true, latest); });

  fields.q.focus();
  fields.author.addEventListener("focus", fillAuthors);
  var named = params.get("author");
  if (named) {
    fillAuthors().then(function () { fields.author.value = named; return run(false); });
  } else {
    run(false).then(fillAuthors);
  }
})();
