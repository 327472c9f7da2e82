/* Atlas: embeds load only when the reader asks. Each facade (a figure with data-embed)
   holds a link to the post, video or chart; this reveals its "Load … from <provider>"
   button and, on a click, puts the provider's player in the box the facade reserved.
   Nothing is requested from a provider before that. No library. */
(function () {
  "use strict";
  function load(figure) {
    var box = figure.querySelector(".embed__box");
    var frame = document.createElement("iframe");
    frame.src = figure.getAttribute("data-embed");
    frame.title = figure.getAttribute("data-embed-title") || "Embedded content";
    frame.allow = "autoplay; encrypted-media; fullscreen; picture-in-picture; clipboard-write";
    frame.allowFullscreen = true;
    frame.referrerPolicy = "strict-origin-when-cross-origin";
    frame.className = "embed__player";
    box.replaceChildren(frame);
    figure.classList.add("embed--loaded");
    frame.focus();
  }
  var figures = document.querySelectorAll("figure[data-embed]");
  for (var i = 0; i < figures.length; i++) {
    var action = figures[i].querySelector(".embed__action");
    var button = figures[i].querySelector(".embed__load");
    if (!action || !button) continue;
    button.addEventListener("click", load.bind(null, figures[i]));
    action.hidden = false;
  }
})();
