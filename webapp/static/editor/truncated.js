/* A result cut at the server's row cap (`serve --max-rows`) said so. The endpoint marks such an
 * answer only with the header X-Akteursgraph-Truncated (docs/sparql.md); its body looks like a
 * whole result, so a researcher saw 10,000 rows and could not tell they were not all. YASGUI
 * hands the response (with its headers) to each tab's YASQE, not to the "queryResponse" of the
 * editor as a whole: each tab's YASQE is watched once, and the flag is kept per tab. */

var cut = new Map();
var watched = new WeakSet();

/* Watch the YASQE of `tab` (once) for answers marked as cut. */
function watch(tab) {
  var yasqe = tab.getYasqe && tab.getYasqe();
  if (!yasqe || watched.has(yasqe)) return;
  watched.add(yasqe);
  yasqe.on("queryResponse", function (_yasqe, response) {
    var headers = response && response.headers;
    cut.set(tab.getId(), !!(headers && headers.get && headers.get("X-Akteursgraph-Truncated") === "true"));
  });
}

/* The sentence for a cut result, or null when `tab`'s last answer was whole. */
export function truncationNotice(tab, settings, t) {
  if (!cut.get(tab.getId())) return null;
  var rows = Number(settings.maxRows).toLocaleString(settings.lang === "de" ? "de-DE" : "en-GB");
  return t(
    "Das Ergebnis ist gekürzt: nur die ersten " + rows + " Zeilen (mehr liefert der Server nicht auf einmal; mit LIMIT und OFFSET in Teilen abfragen).",
    "The result is cut: only the first " + rows + " rows (the server sends no more at once; ask in parts with LIMIT and OFFSET)."
  );
}

/* Show the notice of the current tab under the editor (hidden when its result is whole). */
export function showTruncation(yasgui, settings, t) {
  var box = document.getElementById("editor-truncated");
  if (!box) return;
  var notice = truncationNotice(yasgui.getTab(), settings, t);
  box.textContent = notice || "";
  box.hidden = !notice;
}

/* Watch every tab that sends a query; switching tabs shows that tab's notice. */
export function watchTruncation(yasgui, settings, t) {
  yasgui.on("query", function (_yasgui, tab) {
    watch(tab);
  });
  yasgui.on("tabSelect", function () {
    Promise.resolve().then(function () {
      showTruncation(yasgui, settings, t);
    });
  });
}
