/* Atlas: live header clocks and news ages, the newsletter and breaking-news close
   buttons, the menu.
   No library, no network. */
(function () {
  "use strict";
  /* Clocks and ages speak the page's language (<html lang>), through Intl. */
  var lang = document.documentElement.lang || "en";
  var formatters = {};

  function clockFormat(zone) {
    if (!formatters[zone]) {
      formatters[zone] = new Intl.DateTimeFormat(lang, {
        timeZone: zone, hour: "2-digit", minute: "2-digit", hourCycle: "h23"
      });
    }
    return formatters[zone];
  }

  function tickClocks() {
    var now = new Date();
    var clocks = document.querySelectorAll("[data-clock-tz]");
    for (var i = 0; i < clocks.length; i++) {
      var el = clocks[i];
      try {
        el.textContent = clockFormat(el.getAttribute("data-clock-tz")).format(now);
      } catch (err) { /* a zone this browser does not know stays blank */ }
    }
  }

  var relative = null, justNow = null;
  try {
    relative = new Intl.RelativeTimeFormat(lang, { numeric: "always" });
    justNow = new Intl.RelativeTimeFormat(lang, { numeric: "auto" }).format(0, "second");
  } catch (err) { /* an older browser keeps the published time */ }

  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }

  /* English keeps its newsroom wording: "23 minutes", "about 1 hour", "2 days". */
  function englishAge(ms) {
    var minutes = Math.round(ms / 60000);
    if (minutes < 1) return "just now";
    if (minutes < 45) return plural(minutes, "minute");
    if (minutes < 90) return "about 1 hour";
    var hours = Math.round(minutes / 60);
    if (hours < 24) return "about " + plural(hours, "hour");
    if (hours < 42) return "1 day";
    var days = Math.round(hours / 24);
    if (days < 30) return plural(days, "day");
    var months = Math.round(days / 30);
    if (months < 12) return plural(months, "month");
    return "over " + plural(Math.floor(days / 365), "year");
  }

  /* Other languages: Intl's words, "il y a 23 minutes", "vor 2 Tagen". */
  function ageWords(ms) {
    if (/^en\b/.test(lang)) return englishAge(ms);
    var minutes = Math.round(ms / 60000);
    if (minutes < 1) return justNow;
    if (minutes < 45) return relative.format(-minutes, "minute");
    if (minutes < 90) return relative.format(-1, "hour");
    var hours = Math.round(minutes / 60);
    if (hours < 24) return relative.format(-hours, "hour");
    if (hours < 42) return relative.format(-1, "day");
    var days = Math.round(hours / 24);
    if (days < 30) return relative.format(-days, "day");
    var months = Math.round(days / 30);
    if (months < 12) return relative.format(-months, "month");
    return relative.format(-Math.floor(days / 365), "year");
  }

  function tickAges() {
    if (!relative) return;
    var now = Date.now();
    var stamps = document.querySelectorAll("time[data-age]");
    for (var i = 0; i < stamps.length; i++) {
      var el = stamps[i];
      var at = Date.parse(el.getAttribute("datetime"));
      if (isNaN(at)) continue;
      if (!el.hasAttribute("title")) el.setAttribute("title", el.textContent);
      el.textContent = ageWords(Math.max(0, now - at));
    }
  }

  /* The newsletter box: a close button that is remembered (localStorage), as on the
     reference page; with no script or no storage the box simply stays. */
  function newsletter() {
    var box = document.querySelector("[data-dismiss]");
    if (!box) return;
    var key = box.getAttribute("data-dismiss");
    try {
      if (window.localStorage.getItem(key) === "dismissed") {
        box.hidden = true;
        return;
      }
    } catch (err) { return; }
    var close = box.querySelector(".newsletter__close");
    if (!close) return;
    close.hidden = false;
    close.addEventListener("click", function () {
      try { window.localStorage.setItem(key, "dismissed"); } catch (err) { /* still close */ }
      var note = document.createElement("p");
      note.className = "newsletter-note";
      note.setAttribute("role", "status");
      note.setAttribute("tabindex", "-1");
      note.textContent = box.getAttribute("data-closed") || "";
      box.parentNode.insertBefore(note, box);
      box.hidden = true;
      note.focus();
    });
  }

  /* The breaking-news banner: a close button that remembers this banner (by its id, so
     the next one shows); the focus goes on to the page. */
  function breaking() {
    var banner = document.querySelector("[data-breaking]");
    if (!banner) return;
    var id = banner.getAttribute("data-breaking");
    var key = "atlas-breaking";
    try {
      if (window.localStorage.getItem(key) === id) {
        banner.hidden = true;
        return;
      }
    } catch (err) { return; }
    var close = banner.querySelector(".breaking__close");
    if (!close) return;
    close.hidden = false;
    close.addEventListener("click", function () {
      try { window.localStorage.setItem(key, id); } catch (err) { /* still close */ }
      banner.hidden = true;
      var main = document.getElementById("main");
      if (main) main.focus();
    });
  }

  /* The small-screen menu is a <details>: it works without script; Escape and a click
     elsewhere close it, as people expect of a menu. */
  function menu() {
    var details = document.querySelector("details.menu");
    if (!details) return;
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && details.open) {
        details.open = false;
        details.querySelector("summary").focus();
      }
    });
    document.addEventListener("click", function (event) {
      if (details.open && !details.contains(event.target)) details.open = false;
    });
  }

  /* A pause button for the scrolling headlines (WCAG 2.2.2); hover and focus pause too. */
  function pauseButton() {
    var strip = document.querySelector(".latest");
    var button = strip && strip.querySelector(".latest__pause");
    if (!button) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var paused = button.getAttribute("aria-pressed") !== "true";
      button.setAttribute("aria-pressed", paused ? "true" : "false");
      strip.classList.toggle("latest--paused", paused);
    });
  }

  tickClocks();
  tickAges();
  newsletter();
  breaking();
  menu();
  pauseButton();
  setInterval(tickClocks, 1000);
  setInterval(tickAges, 30000);
})();
