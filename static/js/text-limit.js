// Under each text area with a limit (maxlength), how many characters are left: the limit is
// enforced by the form; this only tells the person before they reach it. The wording comes from
// the page (data-text-left on <body>), so it is translated like every other text.
(function () {
  "use strict";
  var label = document.body.getAttribute("data-text-left") || "";
  var format = new Intl.NumberFormat(document.documentElement.lang || "sv");
  document.querySelectorAll("textarea[maxlength]").forEach(function (area) {
    var limit = parseInt(area.getAttribute("maxlength"), 10);
    if (!limit) {
      return;
    }
    var counter = document.createElement("div");
    counter.className = "form-text text-limit";
    counter.id = (area.id || area.name) + "-limit";
    counter.setAttribute("aria-live", "polite");
    var update = function () {
      counter.textContent = label + " " + format.format(Math.max(0, limit - area.value.length));
    };
    area.insertAdjacentElement("afterend", counter);
    var described = area.getAttribute("aria-describedby");
    area.setAttribute("aria-describedby", (described ? described + " " : "") + counter.id);
    area.addEventListener("input", update);
    update();
  });
})();
