/* Atlas live blogs: while the coverage runs, look at the blog's live.json at most once a
   minute (never while the tab is hidden) and offer "N new updates"; the new updates are
   inserted only when the reader asks, without moving what they are reading.
   No library. Without script the page lists every update there was when it was built.
   For tests: window.atlasLive.poll() looks at once and returns a promise. */
(function () {
  "use strict";
  var section = document.querySelector("[data-live-feed]");
  if (!section || !window.fetch) return;
  var list = section.querySelector(".live__updates");
  var feed = section.getAttribute("data-live-feed");
  var every = Math.max(60, Number(section.getAttribute("data-live-poll")) || 60) * 1000;
  var waiting = [];  /* new updates from live.json, newest first, not yet shown */
  var timer = null;
  var last = Date.now();
  var ended = false;

  var notice = document.createElement("div");
  notice.className = "live__notice";
  notice.setAttribute("role", "status");
  var button = document.createElement("button");
  button.type = "button";
  button.className = "live__new";
  button.hidden = true;
  notice.appendChild(button);
  section.appendChild(notice);

  /* "N new updates" in the page's language: the forms by CLDR category (article.html). */
  var strings = {};
  try { strings = JSON.parse(section.getAttribute("data-live-strings") || "{}"); } catch (err) { /* English */ }
  var lang = document.documentElement.lang || "en";
  var plurals = window.Intl && Intl.PluralRules ? new Intl.PluralRules(lang) : null;
  var numbers = window.Intl ? new Intl.NumberFormat(lang) : null;

  function shown(id) { return document.getElementById(id) !== null; }

  function offer(updates) {
    waiting = updates.filter(function (u) { return !shown(u.id); });
    var n = waiting.length;
    var forms = strings["live.new"] || { one: "{count} new update", other: "{count} new updates" };
    if (typeof forms === "string") forms = { other: forms };
    var form = forms[plurals ? plurals.select(n) : "other"] || forms.other;
    button.textContent = form.replace("{count}", numbers ? numbers.format(n) : String(n));
    button.hidden = waiting.length === 0;
  }

  function poll() {
    last = Date.now();
    return fetch(feed, { cache: "no-cache", credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) return;
        offer(data.updates || []);
        ended = Boolean(data.ended);
      })
      .catch(function () { /* offline for a while: the next look will tell */ })
      .then(schedule);
  }

  function schedule() {
    clearTimeout(timer);
    timer = null;
    if (ended || document.hidden) return;
    timer = setTimeout(poll, Math.max(0, last + every - Date.now()));
  }

  /* The first update the reader can see: what must stay where it is on the screen. */
  function anchorInView() {
    var items = list.children;
    for (var i = 0; i < items.length; i++) {
      if (items[i].getBoundingClientRect().bottom > 0) return items[i];
    }
    return null;
  }

  function insert() {
    var anchor = anchorInView();
    var before = anchor ? anchor.getBoundingClientRect().top : 0;
    var first = null;
    var place = list.querySelector(".update:not(.update--pinned)");
    for (var i = 0; i < waiting.length; i++) {
      if (shown(waiting[i].id)) continue;
      var holder = document.createElement("div");
      holder.innerHTML = waiting[i].html;
      var element = holder.firstElementChild;
      if (!element) continue;
      list.insertBefore(element, place);
      if (!first) first = element;
    }
    if (anchor) window.scrollBy(0, anchor.getBoundingClientRect().top - before);
    waiting = [];
    button.hidden = true;
    if (first) {  /* asked for: take the reader there */
      var still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
      first.focus({ preventScroll: true });
      first.scrollIntoView({ behavior: still ? "auto" : "smooth", block: "start" });
    }
  }

  button.addEventListener("click", insert);
  document.addEventListener("visibilitychange", schedule);
  window.atlasLive = { poll: poll };
  schedule();
})();
