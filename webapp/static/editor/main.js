/* The query editor page's script (templates/sparql.html), an ES module; it starts the editor
 * and wires the page to it. The pieces:
 *  - text.js      texts in the page's language;
 *  - page.js      the page around the editor and the fallback to its plain forms;
 *  - setup.js     YASGUI, self-hosted and restricted to this server (no other host is asked);
 *  - barchart.js  the bar chart result view;
 *  - error.js     the error view, in the page's language (the endpoint answers in both);
 *  - popups.js    Esc closes the share popup and a tab's settings; the popup on screen;
 *  - gallery.js   the gallery buttons, the permalink's query, share links;
 *  - german.js    YASGUI's own controls in German when the page is;
 *  - syntax.js    the syntax check's finding as text under the editor, not only on hover;
 *  - tabs.js      the tabs' actions by keyboard, and renaming a tab in a dialog;
 *  - truncated.js a result cut at the server's row cap said so under the editor.
 * The settings come from the page's JSON block #editor-settings (webapp/editor.py). Without
 * JavaScript, or if the vendor files are missing, the page's plain forms still work.
 */

import { failureNotice } from "./error.js";
import { wirePopups } from "./popups.js";
import { openInitialQuery, wireGallery } from "./gallery.js";
import { configureBoolean, configureGraphColumns, configureTable, relabel } from "./german.js";
import { announce, handOver, showFailure } from "./page.js";
import { createEditor, isEmptyAnswer, keepLocal, onEachAdded } from "./setup.js";
import { watchSyntax } from "./syntax.js";
import { tabActions } from "./tabs.js";
import { translator } from "./text.js";
import { showTruncation, truncationNotice, watchTruncation } from "./truncated.js";

function readSettings() {
  var block = document.getElementById("editor-settings");
  if (!block) return null;
  try {
    return JSON.parse(block.textContent);
  } catch (err) {
    return null;
  }
}

/* What a screen reader hears when an answer came: with its number of rows, as the line shown
 * above the result says it (it heard only "Das Ergebnis ist da."). */
function arrived(results, lang, t) {
  // An ASK's answer is a truth value, no rows (its variables are none: reading their number
  // failed, and the line kept the previous answer's count).
  var truth = results && results.getBoolean ? results.getBoolean() : undefined;
  if (truth === true || truth === false)
    return truth ? t("Das Ergebnis ist da: wahr.", "The result has arrived: true.")
      : t("Das Ergebnis ist da: falsch.", "The result has arrived: false.");
  if (isEmptyAnswer(results))
    return t("Das Ergebnis ist da: keine Tripel.", "The result has arrived: no triples.");
  var variables = results && results.getVariables ? results.getVariables() : null;
  var bindings = variables && variables.length && results.getBindings ? results.getBindings() : null;
  if (!bindings) return t("Das Ergebnis ist da.", "The result has arrived.");
  var n = bindings.length;
  var count = n.toLocaleString(lang === "de" ? "de-DE" : "en-GB");
  return n === 1 ? t("Das Ergebnis ist da: 1 Zeile.", "The result has arrived: 1 row.")
    : t("Das Ergebnis ist da: " + count + " Zeilen.", "The result has arrived: " + count + " rows.");
}

/* While a query runs, YASQE's run button cancels it, under its name "Run query" (walk: Enter
 * on "Abfrage ausführen" cancelled the query). It is named for what it does while it is busy,
 * and again when it is not; YASQE and german.js set its name anew, so it is watched. */
function nameTheRunButton(container, t) {
  var run = [t("Abfrage ausführen", "Run query"), t("Abfrage abbrechen", "Cancel query")];
  function name(button) {
    var wanted = run[/\bbusy\b/.test(button.className) ? 1 : 0];
    if (button.getAttribute("aria-label") !== wanted) button.setAttribute("aria-label", wanted);
    if (button.title !== wanted) button.title = wanted;
  }
  function watch(button) {
    if (button.agNamed) return;
    button.agNamed = true;
    name(button);
    new MutationObserver(function () {
      name(button);
    }).observe(button, { attributes: true, attributeFilter: ["class", "title", "aria-label"] });
  }
  onEachAdded(container, function (root) {
    if (root.nodeType !== Node.ELEMENT_NODE) return;
    if (root.matches(".yasqe_queryButton")) watch(root);
    else Array.prototype.forEach.call(root.querySelectorAll(".yasqe_queryButton"), watch);
  });
}

function start() {
  var settings = readSettings();
  var container = document.getElementById("yasgui");
  if (!settings || !container) return;
  var t = translator(settings.lang);
  var Yasgui = window.Yasgui;
  if (typeof Yasgui !== "function") {
    showFailure(
      container,
      t(
        "Der Editor konnte nicht geladen werden (fehlen die Dateien aus „make assets“?). Die Formulare auf dieser Seite funktionieren trotzdem.",
        "The editor could not be loaded (are the files from “make assets” missing?). The forms on this page still work."
      )
    );
    return;
  }

  var yasgui;
  try {
    keepLocal(Yasgui, settings, t);
    configureTable(Yasgui, settings.lang);
    configureBoolean(Yasgui, t);
    configureGraphColumns(Yasgui, t);
    yasgui = createEditor(Yasgui, container, settings, t);
    tabActions(yasgui, container, t);
    wirePopups(yasgui);
    relabel(container, settings.lang, t);
  } catch (err) {
    showFailure(container, t("Der Editor konnte nicht starten: ", "The editor could not start: ") + err);
    return;
  }

  nameTheRunButton(container, t);
  yasgui.on("query", function () {
    announce(t("Die Abfrage läuft …", "The query is running …"));
  });
  wireGallery(yasgui, container, settings, t);
  watchSyntax(yasgui, settings.lang, t);
  watchTruncation(yasgui, settings, t);
  yasgui.on("queryResponse", function (instance, tab) {
    // YASGUI tells before the tab's YASR has read the response (in the same task): look after.
    Promise.resolve().then(function () {
      var yasr = tab.getYasr();
      var results = yasr && yasr.results;
      showTruncation(yasgui, settings, t);
      var cut = truncationNotice(tab, settings, t);
      if (results && results.hasError()) announce(failureNotice(results.getError(), settings.lang, t));
      else announce(arrived(results, settings.lang, t) + (cut ? " " + cut : ""));
    });
  });
  openInitialQuery(yasgui, settings);

  // For the browser console and the browser tests.
  window.AKTEURSGRAPH = { yasgui: yasgui };
  handOver();
}

start();
