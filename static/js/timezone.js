// Time zones: tell the server the browser's zone at sign-up and first log-in, and let
// people search the settings page's zone picker. Without this file the forms still
// work: the account keeps UTC and the settings page says so.
(function () {
  "use strict";

  function browserZone() {
    try {
      return Intl.DateTimeFormat().resolvedOptions().timeZone || "";
    } catch (error) {
      return "";
    }
  }

  // Hidden fields on the sign-up and log-in forms.
  var zone = browserZone();
  document.querySelectorAll("input[data-browser-time-zone]").forEach(function (input) {
    input.value = zone;
  });

  // The settings page: a search box that narrows the grouped zone picker. Options are
  // removed and put back (hiding an <option> does not work in every browser).
  var select = document.querySelector("select[data-zone-picker]");
  var box = document.querySelector("[data-zone-search]");
  if (!select || !box) return;
  var search = box.querySelector("input");
  var status = box.querySelector("[data-zone-search-status]");
  var groups = Array.prototype.map.call(select.children, function (child) {
    return { node: child, options: child.tagName === "OPTGROUP" ? Array.prototype.slice.call(child.children) : null };
  });

  function words(text) {
    return text.toLowerCase().replace(/[_/,]/g, " ");
  }

  function filter() {
    var wanted = words(search.value).trim().split(/\s+/).filter(Boolean);
    var chosen = select.value;
    var shown = 0;
    select.textContent = "";
    groups.forEach(function (group) {
      var list = group.options || [group.node];
      var keep = list.filter(function (option) {
        var text = words(option.textContent + " " + option.value + " " + (group.node.label || ""));
        return option.value === chosen || wanted.every(function (word) { return text.indexOf(word) !== -1; });
      });
      if (!keep.length) return;
      shown += keep.filter(function (option) { return option.value !== chosen; }).length;
      if (group.options) {
        group.node.textContent = "";
        keep.forEach(function (option) { group.node.appendChild(option); });
      }
      select.appendChild(group.node);
    });
    select.value = chosen;
    if (status) {
      status.textContent = wanted.length
        ? (shown ? shown + " matching " + (shown === 1 ? "place" : "places") + " in the list below." : "No place matches; try a city or a country.")
        : "";
    }
  }

  box.hidden = false;
  search.addEventListener("input", filter);

  // Offer the browser's zone when it differs from the saved one.
  var offer = document.querySelector("[data-zone-offer]");
  if (offer && zone && zone !== select.value) {
    var option = select.querySelector('option[value="' + zone.replace(/"/g, "") + '"]');
    if (option) {
      offer.querySelector("[data-zone-offer-name]").textContent = option.textContent;
      offer.hidden = false;
      offer.querySelector("button").addEventListener("click", function () {
        search.value = "";
        filter();
        select.value = zone;
        offer.hidden = true;
        select.focus();
      });
    }
  }
})();
