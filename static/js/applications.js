// Outcome form: show the "interview round" field only when the stage needs it.
// Without this file the field is always shown and the server checks it.
(function () {
  "use strict";
  var stage = document.getElementById("id_stage");
  if (!stage) return;
  var dependents = document.querySelectorAll("[data-shown-for-stage]");
  function sync() {
    dependents.forEach(function (element) {
      element.hidden = element.getAttribute("data-shown-for-stage") !== stage.value;
    });
  }
  stage.addEventListener("change", sync);
  sync();
})();

// Outcome form: silence and a "no" before any conversation are two stages. When the
// person picks who ended it, the first-step stage follows (the server checks it too).
(function () {
  "use strict";
  var stage = document.getElementById("id_stage");
  if (!stage) return;
  document.querySelectorAll('input[name="ended_by"]').forEach(function (radio) {
    radio.addEventListener("change", function () {
      if (!radio.checked) return;
      if (radio.value === "silence" && stage.value === "at_application") {
        stage.value = "no_reply";
      } else if (radio.value !== "silence" && stage.value === "no_reply") {
        stage.value = "at_application";
      }
      stage.dispatchEvent(new Event("change"));
    });
  });
})();
