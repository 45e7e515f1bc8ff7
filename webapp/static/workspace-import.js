// The import's progress page: asks the job's status route (JSON) every second and moves the
// <progress> bar and its text (an aria-live region); when the check has ended, the page is
// loaded again and shows the report. Without this script a meta refresh reloads the page.
(function () {
  "use strict";
  var box = document.querySelector("[data-status]");
  if (!box) { return; }
  var bar = document.getElementById("import-progress");
  var text = document.getElementById("import-progress-text");
  function ask() {
    fetch(box.getAttribute("data-status"), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        // logged out meanwhile (a redirect to the login page): the page itself says so
        if (response.redirected || !response.ok) { window.location.reload(); throw new Error("reload"); }
        return response.json();
      })
      .then(function (status) {
        if (status.state !== "running") { window.location.reload(); return; }
        if (status.percent !== null) {
          bar.value = status.percent;
          bar.textContent = status.percent + " %";
        }
        if (text.textContent !== status.text) { text.textContent = status.text; }
        window.setTimeout(ask, 1000);
      })
      .catch(function (error) { if (error.message !== "reload") { window.setTimeout(ask, 3000); } });
  }
  window.setTimeout(ask, 500);
}());
