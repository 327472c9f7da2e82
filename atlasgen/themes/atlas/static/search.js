/* Atlas search page: Pagefind's browser API (/pagefind/pagefind.js) and a small UI.
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
  var PAGE = 10;
  var engine = null;
  var found = [];
  var shown = 0;
  var latest = 0;

  function load() {
    if (!engine) {
      engine = import(root.getAttribute("data-bundle") + "pagefind.js").then(function (pagefind) {
        return pagefind.options({ baseUrl: root.getAttribute("data-base"), excerptLength: 28 })
          .then(function () { return pagefind.init(); })
          .then(function () { return pagefind; });
      });
    }
    return engine;
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
      return debounce
        ? pagefind.debouncedSearch(query, wanted.options, 250)
        : pagefind.search(query, wanted.options);
    }).then(function (search) {
      if (search === null || ticket !== latest) return; /* a newer search replaced it */
      found = search.results;
      shown = 0;
      list.textContent = "";
      return showMore(false, ticket).then(function () {
        if (ticket === latest) say(wanted, found.length);
      });
    }).catch(function () {
      status.textContent = text("search.unavailable");
    });
  }

  function fillAuthors(wanted) {
    return load().then(function (pagefind) { return pagefind.filters(); }).then(function (all) {
      Object.keys(all.author || {}).sort(function (a, b) { return a.localeCompare(b); })
        .forEach(function (name) {
          var option = element("option", "", name);
          option.value = name;
          fields.author.appendChild(option);
        });
      fields.author.value = wanted;
    }).catch(function () { /* run() reports it */ });
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
  fillAuthors(params.get("author") || "").then(function () { run(false); });
})();
