// Pagefind's search UI in the header; the index lives in /pagefind/ (built after the site).
window.addEventListener("DOMContentLoaded", function () {
  if (typeof PagefindUI === "undefined") return; // no index built (e.g. a bare preview)
  new PagefindUI({
    element: "#search",
    showSubResults: false,
    showImages: false,
    resetStyles: false,
    sort: { date: "desc" },
    translations: { placeholder: "Search briefings, issues, people…" }
  });
});
