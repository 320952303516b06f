// Reply templates on the complaint page: "Sisipkan" puts the chosen template (already filled
// for this complaint by the server, JSON in #reply-templates) into the step's text, where it
// can be edited before sending. Without JavaScript the same button reloads the page with the
// template added (GET), so nothing depends on this file.
(function () {
  "use strict";
  var data = document.getElementById("reply-templates");
  if (!data) return;
  var templates = {};
  JSON.parse(data.textContent).forEach(function (t) { templates[String(t.id)] = t.text; });
  document.querySelectorAll("form[data-template-target]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      var target = document.getElementById(form.dataset.templateTarget);
      var chosen = form.querySelector("select[name=templat]");
      var text = chosen && templates[chosen.value];
      if (!target || !text) return;
      event.preventDefault();
      // Added after what is already written (as the no-JavaScript reload does).
      var value = target.value.replace(/\s+$/, "");
      target.value = value ? value + "\n\n" + text : text;
      target.focus();
    });
  });
})();
