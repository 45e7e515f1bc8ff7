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

// The login ends after a time without requests (IDLE_MINUTES). Typing in a form keeps it
// (at most one request a minute), and before it ends for want of either a warning with a
// button to stay appears; a form filled slowly was lost when it ran out unannounced (WCAG
// 2.2.1, accessibility audit). The server counts a request's time only every 30 seconds,
// so the end is reckoned from that much before the page's or the last request's time.
(function () {
  "use strict";
  var box = document.getElementById("session-warning");
  if (!box || !window.fetch) { return; }
  var idle = parseFloat(box.getAttribute("data-idle-seconds")) * 1000;
  var lead = Math.min(120000, idle / 4), slack = Math.min(30000, idle / 4);
  var text = document.getElementById("session-warning-text");
  var stay = document.getElementById("session-stay");
  var ends = Date.now() - slack + idle, warned = null, ended = null, lastKept = Date.now();
  var before = null;  // where the focus was before it came to the warning
  var over = false;  // the end's notice is shown: nothing left to keep

  function plan() {
    clearTimeout(warned);
    clearTimeout(ended);
    warned = setTimeout(function () {
      box.hidden = false;
      text.textContent = text.getAttribute("data-warn");  // read out: the alert's text came
      stay.focus();  // one key stays; the focus goes back after (`before`)
    }, ends - lead - Date.now());
    ended = setTimeout(function () {
      over = true;
      box.hidden = false;
      text.textContent = text.getAttribute("data-ended");
      stay.hidden = true;
    }, ends - Date.now());
  }

  function keep(then) {
    lastKept = Date.now();
    fetch(box.getAttribute("data-keep"), {
      method: "POST", credentials: "same-origin",
      headers: { "X-CSRFToken": box.getAttribute("data-csrf") }
    }).then(function (answer) {
      if (!answer.ok) { return; }  // ended already: the end's notice stays planned
      ends = Date.now() + idle;  // kept from now, whole
      box.hidden = true;
      text.textContent = "";
      plan();
      if (then) { then(); }
    }).catch(function () { /* offline: the planned notice stays */ });
  }

  document.addEventListener("focusin", function (ev) {
    if (!box.contains(ev.target)) { before = ev.target; }
  });
  stay.addEventListener("click", function () {
    keep(function () { if (before && before.focus) { before.focus(); } });  // back to work
  });
  // Typing and choosing count as work on the page; moving about (Tab to the warning's
  // button) does not, or the warning went as the keyboard went to it.
  ["input", "change"].forEach(function (kind) {
    document.addEventListener(kind, function (ev) {
      if (over || box.contains(ev.target)) { return; }  // the warning's button keeps it
      if (!box.hidden || Date.now() - lastKept > Math.min(60000, idle / 4)) { keep(); }
    }, true);
  });
  plan();
}());
