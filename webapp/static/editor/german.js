/* The editor's own controls in German (issue 16, item 7). YASGUI (@zazuko/yasgui) lets a page
 * configure only the tab name (setup.js sets it) and, through YASR's table view, the
 * DataTables texts (set here); every other text of its controls is built in English into its
 * code: the run and share buttons' titles, the result views' names, the table's switches, the
 * tab menu, the response line. So, once YASGUI has drawn them, this module relabels those
 * controls by a dictionary of their exact English texts, and again whenever YASGUI redraws
 * (a MutationObserver on the editor's container). The query text (CodeMirror's text area and
 * its completions) and the result cells are never touched: a value "Table" stays "Table"; in
 * the text area only the syntax check's tooltip is (TOOLTIP).
 */

/* Exact texts of YASGUI's controls -> German. */
var TEXTS = {
  "Run query": "Abfrage ausführen",
  "Share query": "Abfrage teilen",
  "Download result": "Ergebnis herunterladen",
  "Download Results": "Ergebnis herunterladen",
  "Download not supported": "Herunterladen für diese Ansicht nicht möglich",
  "Add tab": "Tab hinzufügen",
  "Add a new tab": "Neuen Tab hinzufügen",
  "Close tab": "Tab schließen",
  "New Tab": "Neuer Tab",
  "Rename Tab": "Tab umbenennen",
  "Copy Tab": "Tab kopieren",
  "Close Tab": "Tab schließen",
  "Close other tabs": "Andere Tabs schließen",
  "Undo close Tab": "Geschlossenen Tab wiederherstellen",
  "Open settings": "Einstellungen öffnen",
  "Close settings": "Einstellungen schließen",
  "Filter query results": "Ergebnisse filtern",
  "Simple view": "Einfache Ansicht",
  "Ellipse": "Lange Werte kürzen",
  "Page size:": "Zeilen pro Seite:",
  All: "Alle",
  Table: "Tabelle",
  Response: "Antwort",
  "Show all": "Alle zeigen",
  Shorten: "Verkürzen",
  "Endpoint is down": "Der Endpunkt antwortet nicht",
  "Incorrect endpoint URL": "Falsche Adresse des Endpunkts",
  "Unable to get response from endpoint. Possible reasons:": "Keine Antwort vom Endpunkt. Mögliche Gründe:",
  "Try query in a new browser window": "Abfrage in einem neuen Fenster versuchen",
  "cannot render result": "Das Ergebnis kann nicht angezeigt werden",
  Settings: "Einstellungen",
  "Request method": "Anfragemethode",
  "Accept Headers": "Accept-Header",
  Arguments: "Parameter",
  "Header Arguments": "Header-Parameter",
  "Default Graphs": "Standard-Graphen",
  "Named Graphs": "Benannte Graphen",
  Remove: "Entfernen",
  "Clear endpoint": "Endpunkt leeren",
  "Search or add an endpoint": "Endpunkt suchen oder hinzufügen",
  // After YASR's note that a view cannot show an answer and its link to the view's help.
  "for more information.": "(weitere Informationen).",
  // The help button's title for a view without a help page (the chart view, barchart.js).
  "This plugin doesn't have a help reference yet. Please contact the maintainer to fix this":
    "Zu dieser Ansicht gibt es keine eigene Dokumentation.",
};

/* Two of YASGUI's English texts say too little in English too: "Ellipse" (it shortens long
 * values) and "Page size:" (it counts rows) beside German "Lange Werte kürzen" and "Zeilen pro
 * Seite:". An English page relabels only these. */
var ENGLISH = {
  "Ellipse": "Shorten long values",
  "Page size:": "Rows per page:",
  // Addressed to a plugin's developer, not to the reader (the chart view has no help page).
  "This plugin doesn't have a help reference yet. Please contact the maintainer to fix this":
    "This view has no documentation of its own.",
};

/* Texts with a number or a name in them. */
var PATTERNS = [
  [/^Shows (.+) view$/, function (m) { return "Zeigt die Ansicht „" + word(m[1]) + "“"; }],
  [/^View documentation of (.+)$/, function (m) { return "Dokumentation zu „" + word(m[1]) + "“"; }],
  // YASR's note when the chosen view cannot show an answer (an empty CONSTRUCT's); "See"
  // only when the view has a help page (the chart view has none).
  [
    /^Could not render results with the (.+) plugin, the results currently are rendered with the (.+) plugin\.( See)?$/,
    function (m) {
      return "Die Ansicht „" + word(m[1]) + "“ kann dieses Ergebnis nicht zeigen; es steht in der Ansicht „" + word(m[2]) + "“." + (m[3] ? " Siehe" : "");
    },
  ],
  [/^(.+) documentation$/, function (m) { return "Dokumentation zu „" + word(m[1]) + "“"; }],
  [
    /^(?:(\d+) results?|Response)(?: in ([\d.]+) seconds?)?$/,
    function (m) {
      var parts = [];
      if (m[1] !== undefined) parts.push(grouped(m[1]) + (m[1] === "1" ? " Ergebnis" : " Ergebnisse"));
      else parts.push("Antwort");
      if (m[2] !== undefined) parts.push("in " + m[2].replace(".", ",") + (Number(m[2]) === 1 ? " Sekunde" : " Sekunden"));
      return parts.join(" ");
    },
  ],
];

/* A count as German writes it: "12.345". */
function grouped(digits) {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ".");
}

var ATTRIBUTES = ["title", "aria-label", "placeholder"];
/* Where the texts are the user's or the data's, not YASGUI's. */
var LEAVE_ALONE = ".CodeMirror-scroll, .CodeMirror-hints, .yasr_results, .ag-chart, .ag-endpoint";
/* YASR's own buttons over a long answer ("Show all", "Download result") stand inside the
 * answer's box, and stayed English on a German page (WCAG 3.1.2). */
var CONTROLS_INSIDE = ".overlay_content";

function leftAlone(el) {
  return !!el.closest(LEAVE_ALONE) && !el.closest(CONTROLS_INSIDE);
}

function word(text) {
  return TEXTS[text] || text;
}

/* The page's language's texts (`relabel` chooses them): German, or the English ones. */
var texts = TEXTS;
var patterns = PATTERNS;

/* The German (or English) for one of YASGUI's texts, or null when it is not one. */
export function german(text) {
  var trimmed = text.trim();
  if (!trimmed) return null;
  if (Object.prototype.hasOwnProperty.call(texts, trimmed)) return texts[trimmed];
  for (var i = 0; i < patterns.length; i++) {
    var m = patterns[i][0].exec(trimmed);
    if (m) return patterns[i][1](m);
  }
  return null;
}

function relabelText(node) {
  var translated = german(node.nodeValue);
  if (translated === null) return;
  var lead = node.nodeValue.match(/^\s*/)[0];
  var tail = node.nodeValue.match(/\s*$/)[0];
  node.nodeValue = lead + translated + tail;
}

function relabelElement(el) {
  ATTRIBUTES.forEach(function (name) {
    var value = el.getAttribute(name);
    if (value === null) return;
    var translated = german(value);
    if (translated !== null) el.setAttribute(name, translated);
  });
}

function relabelTree(root) {
  if (root.nodeType === Node.TEXT_NODE) {
    var parent = root.parentElement;
    if (parent && !leftAlone(parent)) relabelText(root);
    return;
  }
  if (root.nodeType !== Node.ELEMENT_NODE) return;
  // The answer's own controls, inside what is left alone (not walked: a table of thousands of
  // cells is not read for a few buttons).
  Array.prototype.forEach.call(root.querySelectorAll(CONTROLS_INSIDE), function (controls) {
    if (controls !== root) relabelTree(controls);
  });
  if (leftAlone(root)) return;
  relabelElement(root);
  var walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
    acceptNode: function (node) {
      var el = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
      return el && leftAlone(el) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
    },
  });
  var node;
  while ((node = walker.nextNode())) {
    if (node.nodeType === Node.TEXT_NODE) relabelText(node);
    else relabelElement(node);
  }
}

/* The tooltip of the syntax check's red gutter icon (YASQE's checkSyntax): built in English when
 * the pointer is over the icon, inside the editor's text area (left alone above), its content
 * set again at every hover. The grammar's words it lists ("VAR1", "OPTIONAL", "(") stay. */
var TOOLTIP = [
  [/^This line is invalid\. Expected: /, "Diese Zeile ist ungültig. Erwartet: "],
  [/^This line is invalid\.$/, "Diese Zeile ist ungültig."],
  [/^Prefix '(.*)' is not defined$/, "Das Präfix „$1“ ist nicht definiert."],
];

/* The syntax check's English `text` in German (also the line under the editor, syntax.js). */
export function germanSyntax(text) {
  return TOOLTIP.reduce(function (acc, pair) {
    return acc.replace(pair[0], pair[1]);
  }, text);
}

function germanTooltip(tooltip) {
  var first = tooltip.firstChild;
  if (!first || first.nodeType !== Node.TEXT_NODE) return;
  var german = germanSyntax(first.nodeValue);
  if (german !== first.nodeValue) first.nodeValue = german;
}

/* DataTables' own texts of YASR's table view (its one text setting); before the editor is made. */
export function configureTable(Yasgui, lang) {
  if (lang !== "de") return;
  var table = Yasgui.Yasr && Yasgui.Yasr.plugins && Yasgui.Yasr.plugins.table;
  if (!table || !table.defaults || !table.defaults.tableConfig) return;
  var keep = (table.defaults.tableConfig.language || {}).paginate || {};
  table.defaults.tableConfig.language = {
    decimal: ",",
    thousands: ".",
    emptyTable: "Keine Daten",
    info: "_START_ bis _END_ von _TOTAL_ Einträgen",
    infoEmpty: "Keine Einträge",
    infoFiltered: "(gefiltert aus _MAX_ Einträgen)",
    lengthMenu: "_MENU_ Einträge anzeigen",
    loadingRecords: "Wird geladen …",
    processing: "Bitte warten …",
    search: "Suchen:",
    zeroRecords: "Keine passenden Einträge",
    paginate: keep,
    aria: {
      paginate: { first: "Erste Seite", last: "Letzte Seite", next: "Nächste Seite", previous: "Vorherige Seite" },
      orderable: ": aktivieren, um zu sortieren",
      orderableReverse: ": aktivieren, um umgekehrt zu sortieren",
      orderableRemove: ": aktivieren, um die Sortierung aufzuheben",
    },
  };
}

/* The columns of a graph's answer (a CONSTRUCT's or DESCRIBE's, which YASR reads from Turtle
 * as rows of "subject", "predicate", "object") in the page's language: they are YASR's names,
 * not the query's, and stood in English on the German page, in the headers and in their
 * sorting buttons' names. A SELECT's columns are its variables and stay as written. Before
 * the editor is made. */
export function configureGraphColumns(Yasgui, t) {
  var table = Yasgui.Yasr && Yasgui.Yasr.plugins && Yasgui.Yasr.plugins.table;
  if (!table || !table.prototype || table.prototype.akteursgraphColumns) return;
  var names = { subject: t("Subjekt", "Subject"), predicate: t("Prädikat", "Predicate"), object: t("Objekt", "Object") };
  var getColumns = table.prototype.getColumns;
  table.prototype.getColumns = function () {
    var columns = getColumns.apply(this, arguments);
    var results = this.yasr.results;
    if (!results || results.getType() !== "ttl") return columns;
    return columns.map(function (column) {
      return names[column.name] ? Object.assign({}, column, { title: names[column.name] }) : column;
    });
  };
  table.prototype.akteursgraphColumns = true;
}

/* An ASK's answer in the page's language: YASR's boolean view writes "True" or "False", in
 * the results, which the dictionary leaves alone. Before the editor is made. */
export function configureBoolean(Yasgui, t) {
  var view = Yasgui.Yasr && Yasgui.Yasr.plugins && Yasgui.Yasr.plugins.boolean;
  if (!view || !view.prototype || view.prototype.akteursgraphWords) return;
  var draw = view.prototype.draw;
  view.prototype.draw = function () {
    var drawn = draw.apply(this, arguments);
    var words = this.yasr.resultsEl.querySelectorAll(".booleanResult span");
    var word = words[words.length - 1];
    if (word) word.textContent = this.yasr.results.getBoolean() ? t("Wahr", "True") : t("Falsch", "False");
    return drawn;
  };
  view.prototype.akteursgraphWords = true;
}

/* Relabel the controls in `container` now and whenever YASGUI redraws them; also names the
 * table's page-size field (YASR leaves it without a label) and its pager (DataTables names it
 * "pagination", in English only, inside the results, which the dictionary leaves alone), in
 * either language. */
export function relabel(container, lang, t) {
  function nameSizer(root) {
    var scope = root.nodeType === Node.ELEMENT_NODE ? root : null;
    if (!scope) return;
    var fields = scope.matches(".tableSizer") ? [scope] : scope.querySelectorAll(".tableSizer");
    Array.prototype.forEach.call(fields, function (field) {
      if (!field.hasAttribute("aria-label")) field.setAttribute("aria-label", t("Zeilen pro Seite", "Rows per page"));
    });
    var pagers = scope.matches('nav[aria-label="pagination"]') ? [scope] : scope.querySelectorAll('nav[aria-label="pagination"]');
    Array.prototype.forEach.call(pagers, function (nav) {
      nav.setAttribute("aria-label", t("Seiten der Ergebnisse", "Result pages"));
    });
    // The share popup's field and its "cURL" button had no name of their own (WCAG 4.1.2).
    [
      [".yasqe_sharePopup input", t("Link zu dieser Abfrage", "Link to this query")],
      [".yasqe_sharePopup button.curl", t("Die Abfrage als cURL-Befehl zeigen", "Show the query as a cURL command")],
    ].forEach(function (pair) {
      var found = Array.prototype.slice.call(scope.querySelectorAll(pair[0]));
      if (scope.matches(pair[0])) found.push(scope);
      found.forEach(function (el) {
        if (!el.hasAttribute("aria-label")) el.setAttribute("aria-label", pair[1]);
      });
    });
    // The view "Antwort" is a read-only code editor whose field had no name (WCAG 4.1.2).
    Array.prototype.forEach.call(scope.querySelectorAll(".yasr .CodeMirror textarea"), function (field) {
      if (!field.hasAttribute("aria-label")) field.setAttribute("aria-label", t("Antwort des Servers, nur zum Lesen", "The server's answer, read only"));
    });
  }
  /* Which view of the result is shown, and which cannot show this answer, were only classes:
   * the buttons say both (aria-pressed; aria-disabled, WCAG 4.1.2: the chart view of an ASK
   * answer was greyed out to the eye alone). */
  function markChosenView() {
    Array.prototype.forEach.call(container.querySelectorAll(".yasr_btnGroup .yasr_btn"), function (button) {
      var chosen = button.classList.contains("selected") ? "true" : "false";
      if (button.getAttribute("aria-pressed") !== chosen) button.setAttribute("aria-pressed", chosen);
      var off = button.classList.contains("disabled");
      if (off && button.getAttribute("aria-disabled") !== "true") button.setAttribute("aria-disabled", "true");
      else if (!off && button.hasAttribute("aria-disabled")) button.removeAttribute("aria-disabled");
    });
  }
  var isGerman = lang === "de";
  texts = isGerman ? TEXTS : ENGLISH;
  patterns = isGerman ? PATTERNS : [];
  relabelTree(container);  // German: every control; English: the few that said too little
  nameSizer(container);
  markChosenView();
  var observer = new MutationObserver(function (records) {
    markChosenView();
    records.forEach(function (record) {
      if (record.type === "childList") {
        record.addedNodes.forEach(function (node) {
          relabelTree(node);
          nameSizer(node);
          if (isGerman && node.nodeType === Node.ELEMENT_NODE && node.matches(".yasqe_tooltip")) germanTooltip(node);
        });
        var tooltip = isGerman && record.target.closest && record.target.closest(".yasqe_tooltip");
        if (tooltip) germanTooltip(tooltip);
      } else if (record.type === "attributes" && record.attributeName !== "class" && !leftAlone(record.target)) {
        relabelElement(record.target);
      } else if (record.type === "characterData") {
        relabelTree(record.target);
      }
    });
  });
  observer.observe(container, {
    subtree: true,
    childList: true,
    characterData: true,
    attributes: true,  // "class": a view chosen (markChosenView), the others: texts
    attributeFilter: ATTRIBUTES.concat(["class"]),
  });
  return observer;
}
