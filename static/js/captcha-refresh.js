// "Ganti gambar kode keamanan" on the public forms (complaint, survey): fetch a new security code
// and put its image and key into the form that holds the button.
(function () {
  "use strict";
  var refresh = document.getElementById("captcha-refresh");
  if (!refresh) return;
  var form = refresh.closest("form");
  if (!form) return;
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
})();
