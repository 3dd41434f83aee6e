// The pipeline board: drag a card by its handle to another column (mouse, touch or pen,
// through Pointer Events). A drop posts the card's own "Move to…" form, the same one a
// keyboard or a browser without JavaScript uses, so every move takes the server's path
// (timeline event, stale-board check). Without this file the menu still works.
(function () {
  "use strict";
  var board = document.querySelector("[data-board]");
  if (!board) return;

  var drag = null; // {card, ghost, startX, startY, moved, target, pointerId}

  function dropZoneAt(x, y) {
    var element = document.elementFromPoint(x, y);
    return element ? element.closest("[data-drop-status]") : null;
  }

  function setTarget(zone) {
    if (drag.target === zone) return;
    if (drag.target) drag.target.classList.remove("is-drop-target");
    drag.target = zone;
    if (zone) zone.classList.add("is-drop-target");
  }

  function placeGhost(x, y) {
    drag.ghost.style.left = x - drag.offsetX + "px";
    drag.ghost.style.top = y - drag.offsetY + "px";
  }

  document.addEventListener("pointerdown", function (event) {
    var handle = event.target.closest("[data-drag-handle]");
    if (!handle || (event.pointerType === "mouse" && event.button !== 0)) return;
    var card = handle.closest("[data-card]");
    if (!card) return;
    event.preventDefault();
    var box = card.getBoundingClientRect();
    drag = {
      card: card,
      ghost: null,
      startX: event.clientX,
      startY: event.clientY,
      offsetX: event.clientX - box.left,
      offsetY: event.clientY - box.top,
      moved: false,
      target: null,
      pointerId: event.pointerId,
    };
    handle.setPointerCapture(event.pointerId);
  });

  document.addEventListener("pointermove", function (event) {
    if (!drag || event.pointerId !== drag.pointerId) return;
    if (!drag.moved) {
      if (Math.abs(event.clientX - drag.startX) + Math.abs(event.clientY - drag.startY) < 6) return;
      drag.moved = true;
      drag.ghost = drag.card.cloneNode(true);
      drag.ghost.removeAttribute("id");
      drag.ghost.querySelectorAll("[id]").forEach(function (el) { el.removeAttribute("id"); });
      drag.ghost.setAttribute("aria-hidden", "true");
      drag.ghost.classList.add("drag-ghost");
      document.body.appendChild(drag.ghost);
      drag.card.classList.add("is-dragging");
    }
    placeGhost(event.clientX, event.clientY);
    setTarget(dropZoneAt(event.clientX, event.clientY));
  });

  function endDrag(event, cancelled) {
    if (!drag || event.pointerId !== drag.pointerId) return;
    var current = drag;
    drag = null;
    if (current.ghost) current.ghost.remove();
    current.card.classList.remove("is-dragging");
    if (current.target) current.target.classList.remove("is-drop-target");
    if (cancelled || !current.moved || !current.target) return;
    var status = current.target.getAttribute("data-drop-status");
    if (status === current.card.getAttribute("data-status")) return;
    move(current.card, status);
  }
  document.addEventListener("pointerup", function (event) { endDrag(event, false); });
  document.addEventListener("pointercancel", function (event) { endDrag(event, true); });

  function move(card, status) {
    var form = card.querySelector("[data-move-form]");
    var select = form && form.querySelector("select[name=to]");
    if (!select) return;
    var option = select.querySelector('option[value="' + status + '"]');
    if (!option) return;
    select.value = status;
    // Show it in the new column at once; the server's answer puts it where it really is.
    var cards = board.querySelector('[data-column-cards="' + status + '"]');
    if (cards) cards.insertBefore(card, cards.firstChild);
    form.requestSubmit();
  }

  // Counts follow the cards: remember where a card was before its form is sent...
  var before = {};
  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = event.detail.elt;
    if (!form.matches || !form.matches("[data-move-form]")) return;
    var card = form.closest("[data-card]");
    if (card) before[card.id] = card.getAttribute("data-status");
  });

  function bump(status, delta) {
    var bucket = board.querySelector('[data-column-cards="' + status + '"]') ? status : null;
    document.querySelectorAll('[data-count-for="' + status + '"]').forEach(function (el) {
      el.textContent = Math.max(0, parseInt(el.textContent, 10) + delta);
    });
    if (!bucket) {
      document.querySelectorAll('[data-count-for="closed"]').forEach(function (el) {
        el.textContent = Math.max(0, parseInt(el.textContent, 10) + delta);
      });
    }
  }

  // ...and once the answer (the card as it now is) is in, put it in its real column.
  document.addEventListener("htmx:afterSettle", function () {
    Object.keys(before).forEach(function (id) {
      var card = document.getElementById(id);
      var old = before[id];
      delete before[id];
      if (!card) return;
      var status = card.getAttribute("data-status");
      var cards = board.querySelector('[data-column-cards="' + status + '"]');
      if (cards && card.parentElement !== cards) {
        // Moving a node drops the focus; a keyboard user keeps their place on the card.
        var focused = card.contains(document.activeElement);
        cards.insertBefore(card, cards.firstChild);
        if (focused) {
          if (!card.hasAttribute("tabindex")) card.setAttribute("tabindex", "-1");
          card.focus();
        }
      }
      // A card that is closed now (accepted) stays where it is, with its note, until the
      // next visit; the Closed area only counts.
      if (old !== status) {
        bump(old, -1);
        bump(status, 1);
      }
    });
  });
})();
