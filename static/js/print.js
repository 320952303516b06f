// "Cetak" buttons (data-print): print the page. Kept out of the templates so the
// Content-Security-Policy can forbid inline scripts and event handlers (docs/security.md).
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () {
      window.print();
    });
  });
})();
