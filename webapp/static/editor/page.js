/* The page around the editor, and what happens without it. The page's plain forms (a GET form
 * per gallery query, the free-query form) work without JavaScript; once the editor runs it
 * takes over: the free-query form is hidden and the keyboard hint shown. If the editor cannot
 * start, its box says so and the forms stay. Announcements go to the page's status line. */

/* Put `message` where the editor would have been; the page's forms keep working. */
export function showFailure(container, message) {
  container.textContent = message;
}

/* The editor runs: show its keyboard hint, hide the form it replaces. */
export function handOver() {
  var hint = document.getElementById("editor-hint");
  if (hint) hint.hidden = false;
  // The editor does what the plain form does; the form stays for visitors without JavaScript.
  var freeQuery = document.getElementById("free-query");
  if (freeQuery) freeQuery.hidden = true;
}

/* Say `text` to screen readers (the polite live region under the editor). */
export function announce(text) {
  var status = document.getElementById("editor-status");
  if (status) status.textContent = text;
}
