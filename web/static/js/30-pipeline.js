// The pipeline board. Without this file every move is a plain form; with it
// a deal also moves by drag and drop between columns and, when the card has
// the focus, by ← and → (or [ and ]). Every move sends the card's own form
// with fetch and swaps in the board the server answers with (after its
// redirect, or the 409 page when the deal changed meanwhile), so the totals
// are the server's and the focus stays on the deal. The live region
// announces what happened.
"use strict";

(function () {
  var view = document.getElementById("pipeline-view");
  var live = document.getElementById("pipeline-live");
  if (!view || !live || !window.fetch || !window.DOMParser) return;

  var busy = false;
  var dragged = null;

  function closest(node, selector) {
    return node && node.closest ? node.closest(selector) : null;
  }

  // wire readies the board the view holds now: cards become draggable and
  // the keyboard hint shows.
  function wire() {
    var board = document.getElementById("pipeline-board");
    if (!board || !board.hasAttribute("data-movable")) return;
    var hint = view.querySelector(".board-keys");
    if (hint) hint.hidden = false;
    board.querySelectorAll(".deal").forEach(function (card) {
      if (card.querySelector("form.move-to")) card.draggable = true;
    });
  }

  // announce puts the view's notice or alert in the live region.
  function announce() {
    var el = view.querySelector("[data-announce]");
    live.textContent = "";
    if (el) live.textContent = el.textContent.replace(/\s+/g, " ").trim();
  }

  // send posts a move form with the stage given and swaps in the answer.
  function send(form, stage) {
    var item = closest(form, "[id^='deal-']");
    if (busy || !stage || (item && item.dataset.stage === stage)) return;
    busy = true;
    if (item) item.classList.add("moving");
    live.textContent = "Moving…";
    var body = new URLSearchParams(new FormData(form));
    body.set("stage", stage);
    fetch(form.action, { method: "POST", body: body, credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (res) { return res.text(); })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var fresh = doc.getElementById("pipeline-view");
        if (!fresh) { // signed out, or an error page: show it as the server meant
          window.location.reload();
          return;
        }
        view.replaceChildren.apply(view, Array.prototype.slice.call(fresh.childNodes));
        view.dataset.back = fresh.dataset.back || view.dataset.back;
        wire();
        announce();
        var again = item && document.getElementById(item.id);
        if (again) again.focus();
      })
      .catch(function () { window.location.reload(); })
      .then(function () { busy = false; });
  }

  // The card's buttons and Move send through fetch too, to keep the focus.
  view.addEventListener("submit", function (e) {
    var form = e.target;
    if (!form.matches || !form.matches("form.move-step, form.move-to")) return;
    var stage = e.submitter && e.submitter.name === "stage" ? e.submitter.value : "";
    if (!stage && form.elements.stage && form.elements.stage.tagName === "SELECT") stage = form.elements.stage.value;
    if (!stage) return;
    e.preventDefault();
    send(form, stage);
  });

  // ← → [ ] on a focused card move it one stage.
  view.addEventListener("keydown", function (e) {
    var card = e.target;
    if (!card.classList || !card.classList.contains("deal") || e.ctrlKey || e.metaKey || e.altKey) return;
    var step = { ArrowLeft: "prev", "[": "prev", ArrowRight: "next", "]": "next" }[e.key];
    var button = step && card.querySelector("button[data-step='" + step + "']");
    if (!button) return;
    e.preventDefault();
    send(button.form, button.value);
  });

  function clearTargets() {
    view.querySelectorAll(".drop-target").forEach(function (c) { c.classList.remove("drop-target"); });
  }

  view.addEventListener("dragstart", function (e) {
    var card = closest(e.target, ".deal");
    if (!card || !card.draggable || busy) return;
    dragged = card;
    e.dataTransfer.effectAllowed = "move";
    e.dataTransfer.setData("text/plain", card.querySelector(".deal-name").textContent);
    card.classList.add("dragging");
  });
  view.addEventListener("dragend", function () {
    if (dragged) dragged.classList.remove("dragging");
    dragged = null;
    clearTargets();
  });
  view.addEventListener("dragover", function (e) {
    var col = dragged && closest(e.target, ".stage-col");
    if (!col) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = "move";
    if (!col.classList.contains("drop-target")) {
      clearTargets();
      if (col.dataset.stage !== dragged.dataset.stage) col.classList.add("drop-target");
    }
  });
  view.addEventListener("drop", function (e) {
    var col = dragged && closest(e.target, ".stage-col");
    if (!col) return;
    e.preventDefault();
    var card = dragged;
    clearTargets();
    send(card.querySelector("form.move-to"), col.dataset.stage);
  });

  wire();
  announce();
})();
