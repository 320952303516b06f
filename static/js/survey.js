// The satisfaction survey: the security code can be refreshed (public page); on the kiosk a
// form left half-filled goes back to a fresh one after some minutes without a touch, so the
// next visitor never sees someone else's answers.
(function () {
  "use strict";
  var form = document.getElementById("survey-form");
  if (!form) return;

  var refresh = document.getElementById("captcha-refresh");
  if (refresh) {
    refresh.addEventListener("click", function () {
      fetch(refresh.dataset.url, { headers: { "X-Requested-With": "XMLHttpRequest" } })
        .then(function (response) { return response.json(); })
        .then(function (data) {
          var image = form.querySelector("img.captcha");
          var key = form.querySelector("input[name=captcha_0]");
          if (image) image.src = data.image_url;
          if (key) key.value = data.key;
          var answer = document.getElementById("id_captcha_1");
          if (answer) { answer.value = ""; answer.focus(); }
        });
    });
  }

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
