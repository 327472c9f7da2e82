/* Atlas: keeps the header clocks and the latest-news ages live. No library, no network. */
(function () {
  "use strict";
  var formatters = {};

  function clockFormat(zone) {
    if (!formatters[zone]) {
      formatters[zone] = new Intl.DateTimeFormat("en-GB", {
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
        el.setAttribute("datetime", now.toISOString());
      } catch (err) { /* an unknown zone keeps its build-time value */ }
    }
  }

  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }

  /* "23 minutes", "about 1 hour", "about 5 hours", "1 day", "2 days" */
  function ageWords(ms) {
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

  function tickAges() {
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

  tickClocks();
  tickAges();
  setInterval(tickClocks, 1000);
  setInterval(tickAges, 30000);
})();
