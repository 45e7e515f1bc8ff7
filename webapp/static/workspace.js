// Every staff page. A page that comes back with an error (a refused import, a rejection
// without a comment, a refused revert) puts the focus on it and says so in its title, as the
// entry form does with its summary of problems: a screen reader reads it at once, and a
// keyboard user is taken to it (beside its draft it stood far below the fold). WCAG 3.3.1.
(function () {
  "use strict";
  if (document.getElementById("form-problems")) { return; }  // the entry form's own script
  var alert = document.querySelector("main .kern-alert--danger[role=alert]");
  if (!alert) { return; }
  if (!alert.hasAttribute("tabindex")) { alert.setAttribute("tabindex", "-1"); }
  alert.focus();
  var german = document.documentElement.lang === "de";
  document.title = (german ? "Fehler: " : "Error: ") + document.title;
}());
