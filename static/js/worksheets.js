// Reflection worksheets, made lighter with JavaScript; without it the page is one long
// form that works on its own.
(function () {
  "use strict";

  // --- Scales: a slider beside each number box, kept in step ----------------------------
  // The number box is the real, labelled field. Until a value is chosen the slider shows
  // no thumb and the words "not set", so it never looks as if the middle was picked.
  document.querySelectorAll(".scale-range[data-scale-for]").forEach(function (range) {
    var id = range.getAttribute("data-scale-for");
    var number = document.getElementById(id);
    var status = document.querySelector('[data-scale-status-for="' + id + '"]');
    if (!number) return;

    function show(valid) {
      range.classList.toggle("is-unset", !valid);
      if (status) status.textContent = valid ? "" : "not set";
    }

    function fromNumber() {
      var value = number.value.trim();
      var parsed = Number(value);
      var valid = value !== "" && Number.isFinite(parsed) &&
        parsed >= Number(range.min) && parsed <= Number(range.max);
      if (valid) range.value = String(parsed);
      show(valid);
    }

    range.addEventListener("input", function () {
      number.value = range.value;
      show(true);
    });
    number.addEventListener("input", fromNumber);
    range.value = String(Math.round((Number(range.min) + Number(range.max)) / 2));
    fromNumber();
    range.hidden = false;
    if (status) status.hidden = false;
  });

  // --- Steps: one of the six at a time, with progress, back and next -------------------
  // Every step stays inside the one form, so moving back and forth keeps every answer,
  // and "Save draft" saves them all; the server brings the person back to the same step.
  var form = document.querySelector("form[data-ws-steps]");
  if (!form) return;
  var steps = Array.prototype.slice.call(form.querySelectorAll(".ws-step"));
  if (steps.length < 2) return;
  var progress = form.querySelector("[data-ws-progress]");
  var progressText = document.getElementById("ws-progress-text");
  var progressBar = progress.querySelector('[role="progressbar"]');
  var progressFill = form.querySelector("[data-ws-progress-fill]");
  var stepInput = form.querySelector("[data-ws-step-input]");
  var nav = form.querySelector("[data-ws-step-nav]");
  var back = nav.querySelector("[data-ws-back]");
  var next = nav.querySelector("[data-ws-next]");
  var index = document.querySelectorAll("[data-ws-goto]");
  var complete = form.querySelector("[data-ws-complete]");
  var hint = form.querySelector(".actions-hint");
  var current = 0;

  function stepOf(element) {
    for (var i = 0; i < steps.length; i++) {
      if (steps[i].contains(element)) return i;
    }
    return -1;
  }

  function go(i, moveFocus) {
    current = Math.max(0, Math.min(steps.length - 1, i));
    steps.forEach(function (step, n) { step.classList.toggle("is-current", n === current); });
    var title = steps[current].getAttribute("data-step-title");
    progressText.textContent = "Step " + (current + 1) + " of " + steps.length + ": " + title;
    progressBar.setAttribute("aria-valuenow", String(current + 1));
    progressBar.setAttribute("aria-valuetext", "Step " + (current + 1) + " of " + steps.length);
    progressFill.style.width = Math.round(((current + 1) / steps.length) * 100) + "%";
    stepInput.value = String(current + 1);
    back.hidden = current === 0;
    next.hidden = current === steps.length - 1;
    // "Complete" waits on the last step, where the second mood is asked (the six steps
    // above let anyone jump there at once).
    if (complete) complete.hidden = current !== steps.length - 1;
    if (hint) hint.hidden = true;
    index.forEach(function (link) {
      if (Number(link.getAttribute("data-ws-goto")) === current + 1) {
        link.setAttribute("aria-current", "step");
        // On a phone the steps are a row that scrolls sideways: keep this one in view.
        var row = link.closest("ol");
        if (row && row.scrollWidth > row.clientWidth) {
          row.scrollLeft = link.parentNode.offsetLeft - row.offsetLeft - 8;
        }
      } else {
        link.removeAttribute("aria-current");
      }
    });
    if (moveFocus) {
      // The address follows the person's moves (not the first showing), so a reload or
      // a shared link opens the same step.
      if (history.replaceState) history.replaceState(null, "", "#step-" + (current + 1));
      var heading = steps[current].querySelector("h2");
      form.scrollIntoView({ block: "start" });
      if (heading) heading.focus({ preventScroll: true });
    }
  }

  form.classList.add("is-stepped");
  progress.hidden = false;
  nav.hidden = false;
  back.addEventListener("click", function () { go(current - 1, true); });
  next.addEventListener("click", function () { go(current + 1, true); });
  index.forEach(function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      go(Number(link.getAttribute("data-ws-goto")) - 1, true);
    });
  });
  // "Please have a look at" links lead to a field, perhaps in another step.
  document.querySelectorAll('#form-problems a[href^="#"]').forEach(function (link) {
    link.addEventListener("click", function (event) {
      var target = document.getElementById(link.getAttribute("href").slice(1));
      var n = target ? stepOf(target) : -1;
      if (n < 0) return;
      event.preventDefault();
      go(n, false);
      target.focus();
    });
  });

  // Start where it makes sense: the first step with a problem, the step in the address
  // (after "Save draft"), or the first.
  var firstProblem = form.querySelector(".is-invalid, .has-error, .invalid-feedback");
  var fromHash = /^#step-(\d+)$/.exec(window.location.hash);
  if (firstProblem && stepOf(firstProblem) >= 0) {
    go(stepOf(firstProblem), false);
  } else if (fromHash) {
    go(Number(fromHash[1]) - 1, false);
  } else {
    go(0, false);
  }
})();
