/* The page around the editor, and what happens without it. The page's plain forms (a GET form
 * per gallery query, the free-query form) work without JavaScript; once the editor runs it
 * takes over: the free-query form is folded away and the keyboard hint shown. If the editor cannot
 * start, its box says so and the forms stay. Announcements go to the page's status line. */

/* Put `message` where the editor would have been; the page's forms keep working. */
export function showFailure(container, message) {
  container.textContent = message;
}

/* The editor runs: show its keyboard hint, fold the form it replaces. */
export function handOver() {
  var hint = document.getElementById("editor-hint");
  if (hint) hint.hidden = false;
  // The editor does what the plain form does; the form stays one click away, for visitors
  // without JavaScript and for those the editor's own controls fail (it was hidden, where the
  // accessibility statement names it as the way round them).
  var box = document.getElementById("free-query-box");
  if (box) box.open = false;
}

/* Say `text` to screen readers (the polite live region under the editor). */
export function announce(text) {
  var status = document.getElementById("editor-status");
  if (status) status.textContent = text;
}
