/* Accessible names for the admin's form controls that Django and select2 leave unnamed.

   A tabular inline shows its labels once, as column headings; a split date-time field labels
   neither of its two inputs; select2 boxes point at their chosen value instead of their
   label; a many-to-many filter box names its search icon, a plain span, with aria-label. A
   sighted person reads the heading or the label: this gives a screen reader the same words
   (axe-core's "label", "select-name", "aria-input-field-name", "aria-prohibited-attr"). It runs
   again whenever the page changes, as select2 and "Add another" rebuild parts of it. */
(function () {
  "use strict";

  function clean(text) {
    return text.replace(/\s+/g, " ").trim().replace(/[:：]$/, "");
  }

  function words(element) {
    return element ? clean(element.textContent) : "";
  }

  function named(control) {
    if (control.getAttribute("aria-label") || control.getAttribute("aria-labelledby")) {
      return true;
    }
    return Array.prototype.some.call(control.labels || [], function (label) {
      return words(label) !== "";
    });
  }

  // The heading of the column a control stands in, in a tabular inline.
  function columnHeading(control) {
    var cell = control.closest("td");
    var table = control.closest("table");
    if (!cell || !table || !table.tHead) {
      return "";
    }
    var index = Array.prototype.indexOf.call(cell.parentElement.cells, cell);
    var headings = table.tHead.rows[0] ? table.tHead.rows[0].cells : [];
    return headings[index] ? words(headings[index]) : "";
  }

  // The label of the field a control belongs to, and the word before it ("Date:", "Time:").
  function rowLabel(control) {
    var row = control.closest(".form-row, .fieldBox");
    var label = row ? row.querySelector("label") : null;
    var text = words(label);
    var before = control.previousSibling;
    while (before && before.nodeType === Node.ELEMENT_NODE && before.tagName === "BR") {
      before = before.previousSibling;
    }
    if (before && before.nodeType === Node.TEXT_NODE && clean(before.textContent)) {
      text = (text + " " + clean(before.textContent)).trim();
    }
    return text;
  }

  function nameFor(control) {
    return columnHeading(control) || rowLabel(control);
  }

  function nameControls(root) {
    root.querySelectorAll("input:not([type=hidden]), select, textarea").forEach(function (control) {
      if (control.closest(".select2-container") || named(control)) {
        return;
      }
      var name = nameFor(control);
      if (name) {
        control.setAttribute("aria-label", name);
      }
    });
  }

  // select2 puts its own box after the select it replaces; the box takes the select's name.
  function nameSelect2Boxes(root) {
    root.querySelectorAll(".select2-container").forEach(function (box) {
      var select = box.previousElementSibling;
      if (!select || select.tagName !== "SELECT") {
        return;
      }
      var label = select.id ? document.querySelector('label[for="' + select.id + '"]') : null;
      var name = words(label) || select.getAttribute("aria-label") || nameFor(select);
      if (!name) {
        return;
      }
      box.querySelectorAll(
        ".select2-selection, .select2-selection__rendered[role=textbox], .select2-search__field"
      ).forEach(function (part) {
        if (part.getAttribute("aria-label") !== name) {
          part.removeAttribute("aria-labelledby");
          part.setAttribute("aria-label", name);
        }
      });
      // The chosen values of a multiple box are a list only to select2's styles.
      box.querySelectorAll("ul.select2-selection__rendered").forEach(function (list) {
        list.setAttribute("role", "none");
        Array.prototype.forEach.call(list.children, function (item) {
          item.setAttribute("role", "none");
        });
      });
    });
  }

  // The filter boxes of a many-to-many field label their search icon, a plain span, with
  // aria-label, which a span may not carry: the icon is an image with that name.
  function roleLabelledIcons(root) {
    root.querySelectorAll("span.help-tooltip[aria-label]:not([role])").forEach(function (icon) {
      icon.setAttribute("role", "img");
    });
  }

  function nameAll() {
    nameControls(document);
    nameSelect2Boxes(document);
    roleLabelledIcons(document);
  }

  document.addEventListener("DOMContentLoaded", function () {
    nameAll();
    // Called once per batch of changes; setting attributes adds no child, so it does not loop.
    new MutationObserver(nameAll).observe(document.body, { childList: true, subtree: true });
  });
})();
