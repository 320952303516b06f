// Attendance grid: count the ticked rows and "Pilih semua" (select all / none).
(function () {
  const boxes = () => Array.from(document.querySelectorAll(".attendance-select"));
  const counter = document.querySelector("[data-selected-count]");
  const update = () => {
    if (counter) counter.textContent = boxes().filter((b) => b.checked).length;
  };
  document.addEventListener("change", (event) => {
    if (event.target.classList.contains("attendance-select")) update();
  });
  const all = document.querySelector("[data-select-all]");
  if (all) {
    all.addEventListener("click", () => {
      const list = boxes();
      const select = list.some((b) => !b.checked);
      list.forEach((b) => { b.checked = select; });
      all.textContent = select ? "Batalkan pilihan" : "Pilih semua";
      update();
    });
  }
  update();
})();
