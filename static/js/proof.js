// Proof of search: the Print button opens the browser's print dialog (the print
// stylesheet in css/proof.css leaves only the report on the paper).
document.querySelectorAll("[data-print-page]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});
