/* YASR's error view, in the page's language. The SPARQL endpoint answers an error in plain text,
 * German then English, for protocol clients (webapp/errors.py, error_response):
 *
 *     <German message, one or more lines>
 *     [<validation report: findings of four lines each, each naming de: and en:>]
 *     <English message, as many lines as the German one>
 *
 * The editor shows and announces only the page's language. YASR's own error view would show the
 * whole body, under a link in English; this view replaces it (same name, same CSS classes). */

/* The first line of a validation report's finding (graph/validation.py, Finding.render). */
var FINDING = /^- (?:Verstoß \/ violation|Warnung \/ warning|Hinweis \/ info): /;
/* A finding's lines in the other language, by `lang`: dropped. */
var OTHER_LANGUAGE = { de: /^ {4}en: /, en: /^ {4}de: / };
/* Labels in a finding, "Deutsch / English": the part in `lang` is kept. */
var PAIRS = [
  [/^- (Verstoß|Warnung|Hinweis) \/ (violation|warning|info): /, "- $1: ", "- $2: "],
  [/ {2}\(Wert \/ value: /, "  (Wert: ", "  (value: "],
  [/^( {4})Regel \/ rule: /, "$1Regel: ", "$1rule: "],
  [/^\.\.\. (\d+) weitere \/ \d+ more$/, "... $1 weitere", "... $1 more"],
];

/* The part of an error body in `lang` ("de" or "en"); a text not in that form (a network
 * failure of the browser, say) is returned as it is. */
export function inLanguage(text, lang) {
  var lines = String(text || "").replace(/\n+$/, "").split("\n");
  var report = -1;
  for (var i = 1; i < lines.length; i++) {
    if (FINDING.test(lines[i])) {
      report = i;
      break;
    }
  }
  var de, en, findings;
  if (report > 0) {
    // The message has `report` lines in each language; the report sits between them.
    if (lines.length < 2 * report) return text;
    de = lines.slice(0, report);
    findings = lines.slice(report, lines.length - report);
    en = lines.slice(lines.length - report);
  } else {
    if (lines.length % 2 !== 0) return text;
    de = lines.slice(0, lines.length / 2);
    en = lines.slice(lines.length / 2);
    findings = [];
  }
  var other = lang === "de" ? OTHER_LANGUAGE.de : OTHER_LANGUAGE.en;
  var kept = findings
    .filter(function (line) {
      return !other.test(line);
    })
    .map(function (line) {
      return PAIRS.reduce(function (acc, pair) {
        return acc.replace(pair[0], lang === "de" ? pair[1] : pair[2]);
      }, line);
    });
  return (lang === "de" ? de.concat(kept) : en.concat(kept)).join("\n");
}

/* An answer that is a web page (markup), as a wrong endpoint address gets from a web server:
 * said in words, since its first line ("<!doctype html>") or a line from its middle told the
 * reader nothing. */
function webPageNote(error, t) {
  var code = error.status ? " (HTTP " + error.status + ")" : "";
  return t(
    "Die Antwort ist eine Webseite, keine Antwort auf eine SPARQL-Abfrage" + code + ". Stimmt die Adresse des Endpunkts?",
    "The answer is a web page, not the answer to a SPARQL query" + code + ". Is the endpoint's address right?"
  );
}

/* The browser's own words when no answer came (no HTTP status): a query cancelled with the
 * run button ("signal is aborted without reason", Chromium; "The operation was aborted",
 * Firefox), and a failed connection ("Failed to fetch", "NetworkError when attempting to
 * fetch resource.", "Load failed"). They were shown as they are, in English on the German
 * page, and a cancel the visitor chose was said to be a failure. */
var ABORTED = /abort/i;
var NO_CONNECTION = /^(Failed to fetch|NetworkError when attempting to fetch resource\.?|Load failed|Network request failed)$/i;

/* Whether the query was cancelled by the visitor (the run button, pressed while it ran). */
export function wasCancelled(error) {
  return !!error && !error.status && ABORTED.test(String(error.text || ""));
}

/* The error's text to show in `lang`: the endpoint's message, or what a web page means, or
 * the browser's own words said in the page's language. */
function readable(error, lang, t) {
  if (wasCancelled(error)) return t("Die Abfrage wurde abgebrochen.", "The query was cancelled.");
  if (!error.status && NO_CONNECTION.test(String(error.text || "").trim()))
    return t(
      "Keine Verbindung zum Server: die Abfrage kam nicht an. Besteht die Netzverbindung?",
      "No connection to the server: the query did not arrive. Is the network connection up?"
    );
  return /^\s*</.test(error.text) ? webPageNote(error, t) : inLanguage(error.text, lang);
}

/* What the editor's status line says after a failed query: the message's first line. */
export function failureNotice(error, lang, t) {
  if (wasCancelled(error)) return t("Die Abfrage wurde abgebrochen.", "The query was cancelled.");
  var text = error && error.text ? readable(error, lang, t).split("\n")[0] : "";
  if (!text) return t("Die Abfrage ist fehlgeschlagen.", "The query failed.");
  return t("Die Abfrage ist fehlgeschlagen: ", "The query failed: ") + text;
}

/* The YASR plugin class for errors (register it as "error", in place of YASR's own). */
export function makeErrorView(t, lang) {
  function ErrorView(yasr) {
    this.yasr = yasr;
    this.priority = 20;
    this.hideFromSelection = true;
  }
  ErrorView.prototype.canHandleResults = function () {
    return !!this.yasr.results && !!this.yasr.results.getError();
  };
  ErrorView.prototype.draw = function () {
    var error = this.yasr.results && this.yasr.results.getError();
    if (!error) return;
    var box = document.createElement("div");
    box.className = "errorResult";
    var header = document.createElement("div");
    header.className = "errorHeader";
    box.appendChild(header);
    if (error.status) {
      var status = document.createElement("span");
      status.className = "status";
      status.textContent = t("Fehler", "Error") + " " + error.status;
      header.appendChild(status);
    }
    var link = this.yasr.config.getPlainQueryLinkToEndpoint && this.yasr.config.getPlainQueryLinkToEndpoint();
    if (link) {
      var a = document.createElement("a");
      a.className = "yasr_tryQuery";
      a.href = link;
      a.target = "_blank";
      a.rel = "noopener noreferrer";
      a.textContent = t("Abfrage in einem neuen Fenster versuchen", "Try query in a new browser window");
      header.appendChild(a);
    }
    var message = document.createElement("pre");
    message.className = "errorMessage";
    message.textContent = error.text
      ? readable(error, lang, t)
      : t("Keine Antwort vom Endpunkt.", "No answer from the endpoint.");
    box.appendChild(message);
    this.yasr.resultsEl.appendChild(box);
  };
  ErrorView.prototype.getIcon = function () {
    return document.createElement("span");
  };
  return ErrorView;
}
