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
