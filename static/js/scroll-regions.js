// A table wider than the screen scrolls sideways in its .table-responsive box. Keyboard users can
// only scroll a box that takes focus (WCAG 2.1.1; axe: scrollable-region-focusable), so a box that
// does scroll becomes a focusable, named region (named by its table's caption, else the nearest
// heading before it); a box that fits loses that again, so it adds no needless tab stop.
(function () {
  "use strict";
  var label = document.body.getAttribute("data-scroll-label") || "";
  function nameOf(box) {
    var caption = box.querySelector("caption");
    if (caption && caption.textContent.trim()) {
      return caption.textContent.trim();
    }
    var node = box;
    while (node && node !== document.body) {
      var previous = node.previousElementSibling;
      while (previous) {
        if (/^H[1-6]$/.test(previous.tagName)) {
          return previous.textContent.trim();
        }
        previous = previous.previousElementSibling;
      }
      node = node.parentElement;
    }
    return label;
  }
  function update() {
    document.querySelectorAll(".table-responsive").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1) {
        if (!box.hasAttribute("tabindex")) {
          box.setAttribute("tabindex", "0");
          box.setAttribute("role", "region");
          box.setAttribute("aria-label", nameOf(box));
          box.setAttribute("data-scroll-region", "");
        }
      } else if (box.hasAttribute("data-scroll-region")) {
        ["tabindex", "role", "aria-label", "data-scroll-region"].forEach(function (name) {
          box.removeAttribute(name);
        });
      }
    });
  }
  var pending = false;
  window.addEventListener("resize", function () {
    if (!pending) {
      pending = true;
      window.requestAnimationFrame(function () {
        pending = false;
        update();
      });
    }
  });
  update();
})();
