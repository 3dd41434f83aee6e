// Reframe's small behaviours. Every page works without this file.
(function () {
  "use strict";

  // The CSRF cookie is HttpOnly (settings.CSRF_COOKIE_HTTPONLY), so the token is read
  // from a form on the page: every logged-in page has one (the menu's "Log out").
  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  // htmx requests carry the CSRF token as a header.
  document.addEventListener("htmx:configRequest", function (event) {
    event.detail.headers["X-CSRFToken"] = csrfToken();
  });

  // When htmx replaces the part of the page that held the focus (a follow-up row after
  // "Done"), the focused button disappears and keyboard users would be thrown back to
  // the top of the page. Put the focus on the new content instead, so they keep their
  // place and a screen reader reads what changed.
  var swappedWithFocus = null;
  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    swappedWithFocus = target && target.id && target.contains(document.activeElement) ? target.id : null;
  });
  document.addEventListener("htmx:afterSettle", function () {
    var id = swappedWithFocus;
    swappedWithFocus = null;
    if (!id || (document.activeElement && document.activeElement !== document.body)) return;
    var replacement = document.getElementById(id);
    if (!replacement) return;
    if (!replacement.hasAttribute("tabindex")) replacement.setAttribute("tabindex", "-1");
    replacement.focus();
  });

  // "Copy" buttons: data-copy-target="#element-id" copies that element's text or value.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy-target]");
    if (!button) return;
    var target = document.querySelector(button.getAttribute("data-copy-target"));
    if (!target) return;
    var text = "value" in target ? target.value : target.textContent;
    var done = function () {
      var original = button.getAttribute("data-label") || button.textContent;
      button.setAttribute("data-label", original);
      button.textContent = "Copied";
      button.classList.add("copy-done");
      setTimeout(function () {
        button.textContent = original;
        button.classList.remove("copy-done");
      }, 2000);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done);
    } else {
      var area = document.createElement("textarea");
      area.value = text;
      document.body.appendChild(area);
      area.select();
      try { document.execCommand("copy"); done(); } finally { document.body.removeChild(area); }
    }
  });

  // Forms marked data-confirm ask once before submitting (the server still requires POST).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) event.preventDefault();
  });

  // Live value display for range inputs: <output data-range-for="id_field">.
  function syncRange(input) {
    document.querySelectorAll('[data-range-for="' + input.id + '"]').forEach(function (out) {
      out.textContent = input.value;
    });
  }
  document.addEventListener("input", function (event) {
    if (event.target.matches && event.target.matches("input[type=range]")) syncRange(event.target);
  });
  document.querySelectorAll("input[type=range]").forEach(syncRange);
})();
