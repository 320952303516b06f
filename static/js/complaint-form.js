// The public complaint form: "Anonim" disables the contact fields (they would be dropped
// anyway) and says plainly that no e-mail will be sent; the security code can be refreshed.
(function () {
  "use strict";
  var form = document.getElementById("complaint-form");
  if (!form) return;
  var contact = ["id_reporter_name", "id_reporter_email", "id_reporter_phone"];
  var note = document.getElementById("anonymous-note");
  function update() {
    var chosen = form.querySelector("input[name=identity_mode]:checked");
    var anonymous = chosen && chosen.value === "anonim";
    contact.forEach(function (id) {
      var input = document.getElementById(id);
      if (input) input.disabled = anonymous;
    });
    if (note) note.hidden = !anonymous;
  }
  form.querySelectorAll("input[name=identity_mode]").forEach(function (radio) {
    radio.addEventListener("change", update);
  });
  update();

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
})();
