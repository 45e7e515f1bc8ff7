/* A list's filters (list.html) fold on a narrow screen. There the page is one column and the
   filters stood before the results: three screens of checkboxes on a phone. The page is sent
   with them open (so without scripts, and beside the results on a wide screen). This runs
   right after them, before the results are drawn, and folds them when the screen is narrow
   (the width at which site.css puts them above the results). Should the screen widen later,
   they open again; they are never folded under a reader's hands (zooming in narrows it). */
(() => {
  const fold = document.currentScript.previousElementSibling;
  const narrow = window.matchMedia('(max-width: 50rem)');
  if (narrow.matches) {
    fold.open = false;
  }
  narrow.addEventListener('change', (event) => {
    if (!event.matches) {
      fold.open = true;
    }
  });
})();
