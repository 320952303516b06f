// The public complaint form: "Anonim" disables the contact fields (they would be dropped
// anyway) and says plainly that no e-mail will be sent. (The security code's refresh button is
// captcha-refresh.js.)
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
})();
