// Every staff page. A page that comes back with an error (a refused import, a rejection
// without a comment, a refused revert) puts the focus on it and says so in its title, as the
// entry form does with its summary of problems: a screen reader reads it at once, and a
// keyboard user is taken to it (beside its draft it stood far below the fold). WCAG 3.3.1.
// The page after a done action (published, rejected, reverted) does the same with its
// notice: a status region that is there when the page loads is not read out, and the focus
// stood at the page's start with the title unchanged.
(function () {
  "use strict";
  if (document.getElementById("form-problems")) { return; }  // the entry form's own script
  var alert = document.querySelector("main .kern-alert--danger[role=alert]");
  var german = document.documentElement.lang === "de";
  if (alert) {
    if (!alert.hasAttribute("tabindex")) { alert.setAttribute("tabindex", "-1"); }
    alert.focus();
    var prefix = german ? "Fehler: " : "Error: ";  // the server gives it (security.py)
    if (document.title.indexOf(prefix) !== 0) { document.title = prefix + document.title; }
    return;
  }
  var done = document.querySelector("main [data-done]");
  if (!done) { return; }
  done.setAttribute("tabindex", "-1");
  done.focus();
  var headline = done.querySelector(".kern-title");
  if (headline) { document.title = headline.textContent.trim() + " · " + document.title; }
}());
