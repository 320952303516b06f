// The satisfaction survey (the security code refresh is captcha-refresh.js): on the kiosk a
// form left half-filled goes back to a fresh one after some minutes without a touch, so the
// next visitor never sees someone else's answers.
(function () {
  "use strict";
  var form = document.getElementById("survey-form");
  if (!form) return;

  var idle = parseInt(form.dataset.kioskIdle || "0", 10);
  if (idle > 0) {
    var timer = null;
    var reset = function () {
      form.reset();
      window.location.replace(form.dataset.kioskUrl);
    };
    var restart = function () {
      if (timer) window.clearTimeout(timer);
      timer = window.setTimeout(reset, idle * 1000);
    };
    ["pointerdown", "keydown", "input", "scroll"].forEach(function (name) {
      document.addEventListener(name, restart, { passive: true });
    });
    restart();
  }
})();
