// The "read the job ad" form: show that the server is reading, and read straight away
// when the bookmarklet or the share sheet brought a link (data-auto-read).
(function () {
  "use strict";
  document.querySelectorAll("form.posting-link-form").forEach(function (form) {
    var button = form.querySelector(".posting-link-button");
    var status = form.querySelector(".posting-link-status");
    form.addEventListener("submit", function () {
      if (form.dataset.reading === "true") return;
      form.dataset.reading = "true";
      form.setAttribute("aria-busy", "true");
      if (button) button.disabled = true;
      if (status) status.textContent = form.dataset.readingText || "Reading…";
    });
    if (form.dataset.autoRead === "true") {
      if (status) status.textContent = form.dataset.readingText || "Reading…";
      if (form.requestSubmit) form.requestSubmit(); else form.submit();
    }
  });
})();

// The bookmarklet link is meant to be dragged to the bookmarks bar; clicked here it
// would do nothing (this page's security policy blocks it), so say what to do instead.
(function () {
  "use strict";
  document.querySelectorAll("a.bookmarklet-link").forEach(function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      var box = link.closest(".bookmarklet-box");
      var hint = box && box.querySelector(".bookmarklet-hint");
      if (hint) hint.textContent = "Drag the button to your bookmarks bar instead of clicking it here. Then click it on a job ad.";
    });
  });
})();
