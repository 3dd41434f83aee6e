// Worksheet scales: reveal a slider next to each number box and keep the two in step.
// The number box is the real, labelled field; without JavaScript it works on its own.
(function () {
  "use strict";

  document.querySelectorAll(".scale-range[data-scale-for]").forEach(function (range) {
    var number = document.getElementById(range.getAttribute("data-scale-for"));
    if (!number) return;

    function fromNumber() {
      var value = number.value.trim();
      var parsed = Number(value);
      var valid = value !== "" && Number.isFinite(parsed) &&
        parsed >= Number(range.min) && parsed <= Number(range.max);
      // An empty box means "not rated yet": the slider rests in the middle, greyed.
      range.classList.toggle("is-unset", !valid);
      if (valid) range.value = String(parsed);
    }

    range.addEventListener("input", function () {
      number.value = range.value;
      range.classList.remove("is-unset");
    });
    number.addEventListener("input", fromNumber);
    range.value = String(Math.round((Number(range.min) + Number(range.max)) / 2));
    fromNumber();
    range.hidden = false;
  });
})();
