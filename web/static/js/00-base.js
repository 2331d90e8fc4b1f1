// kam's small enhancements. Every page works without them; they only add
// keyboard shortcuts and conveniences. Each area of the app keeps its own
// file in this folder; the server joins them into /static/kam.js.
"use strict";

(function () {
  // typing reports whether the user is writing in a field, where single-key
  // shortcuts must not fire.
  function typing(e) {
    var t = e.target;
    return t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
  }

  // "/" or Ctrl/Cmd+K opens the global search box in the top bar.
  document.addEventListener("keydown", function (e) {
    var box = document.getElementById("global-search");
    if (!box) return;
    var slash = e.key === "/" && !e.ctrlKey && !e.metaKey && !e.altKey && !typing(e);
    var ctrlK = (e.ctrlKey || e.metaKey) && (e.key === "k" || e.key === "K");
    if (slash || ctrlK) {
      e.preventDefault();
      box.focus();
      box.select();
    }
  });
})();

// A button marked data-print prints the page (the account profile has a
// print stylesheet); without script it stays hidden.
(function () {
  document.querySelectorAll("[data-print]").forEach(function (b) {
    b.hidden = false;
    b.addEventListener("click", function () { window.print(); });
  });
})();

// On a phone the top bar's sections scroll sideways: bring the current one
// into view, so that the reader sees where they are.
(function () {
  var nav = document.querySelector(".topnav");
  var current = nav && nav.querySelector('[aria-current="page"]');
  if (current && nav.scrollWidth > nav.clientWidth) {
    nav.scrollLeft = current.offsetLeft - nav.offsetLeft - nav.clientWidth / 3;
  }
})();
