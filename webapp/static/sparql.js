/* The query editor page: YASGUI (from the npm registry, served from webapp/static/vendor/)
 * wired to this server's own SPARQL endpoint. Nothing here contacts another host:
 *  - the endpoint is fixed to this server's /sparql, with no catalogue of other endpoints;
 *  - the class and property autocompleters (they ask lov.linkeddata.es) are removed, and the
 *    prefix autocompleter offers our own prefixes instead of its bundled prefix.cc list;
 *  - the result views are YASR's table, response, boolean and error views plus the bar chart
 *    below, which draws inline SVG; any other registered view is removed.
 * Without JavaScript (or if the vendor files are missing) the page's plain forms still work.
 */
(function () {
  "use strict";

  var cfg = window.AKTEURSGRAPH;
  var container = document.getElementById("yasgui");
  if (!cfg || !container) return;
  var de = cfg.lang === "de";
  function t(textDe, textEn) {
    return de ? textDe : textEn;
  }
  if (typeof window.Yasgui !== "function") {
    container.textContent = t(
      "Der Editor konnte nicht geladen werden (fehlen die Dateien aus „make assets“?). Die Formulare auf dieser Seite funktionieren trotzdem.",
      "The editor could not be loaded (are the files from “make assets” missing?). The forms on this page still work."
    );
    return;
  }

  var Yasgui = window.Yasgui;
  var Yasqe = Yasgui.Yasqe;
  var Yasr = Yasgui.Yasr;
  var ENDPOINT = new URL(cfg.endpoint, window.location.href).href;
  var EDITOR_URL = new URL(cfg.editorUrl || window.location.pathname, window.location.href).href;
  var PREFIXES = cfg.prefixes || {};
  var PREFIX_NAMES = Object.keys(PREFIXES);
  var GALLERY = cfg.gallery || [];
  var SVG_NS = "http://www.w3.org/2000/svg";

  function pick(texts) {
    if (!texts) return "";
    if (typeof texts === "string") return texts;
    return texts[cfg.lang] || texts.de || texts.en || "";
  }

  function escapeRegExp(text) {
    return text.replace(/[.*+?^${}()|[\]\\-]/g, "\\$&");
  }

  /* The query with a PREFIX line added for each of our prefixes it uses without declaring.
   * The endpoint declares them anyway; the editor's syntax check does not know that. */
  function withPrefixes(query) {
    // Blank out strings, IRIs and comments so that "ag:" inside them does not count.
    var code = query.replace(
      /"""[\s\S]*?"""|'''[\s\S]*?'''|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|<[^<>"{}|^`\\\s]*>|#[^\n]*/g,
      " "
    );
    var declared = {};
    var declRe = /PREFIX\s+([A-Za-z][\w.-]*)?:/gi;
    var match;
    while ((match = declRe.exec(code)) !== null) declared[match[1] || ""] = true;
    var missing = PREFIX_NAMES.filter(function (name) {
      if (declared[name]) return false;
      return new RegExp("(^|[^\\w?$:.-])" + escapeRegExp(name) + ":").test(code);
    });
    if (!missing.length) return query;
    return (
      missing
        .map(function (name) {
          return "PREFIX " + name + ": <" + PREFIXES[name] + ">\n";
        })
        .join("") + query
    );
  }

  function defaultQuery() {
    var lines = PREFIX_NAMES.map(function (name) {
      return "PREFIX " + name + ": <" + PREFIXES[name] + ">";
    });
    lines.push(
      "",
      t("# Die häufigsten Klassen im öffentlichen Graphen", "# The most frequent classes in the public graph"),
      "SELECT ?class (COUNT(?entity) AS ?count) WHERE {",
      "  ?entity a ?class .",
      "}",
      "GROUP BY ?class",
      "ORDER BY DESC(?count)",
      "LIMIT 20"
    );
    return lines.join("\n");
  }

  function permalink(query) {
    var url = new URL(EDITOR_URL);
    url.search = "";
    url.hash = "";
    url.searchParams.set("query", query);
    return url.href;
  }

  /* ---- A bar chart of a two-column (label, number) result, drawn as inline SVG. ---- */

  var MAX_BARS = 60;
  var numberFormat = new Intl.NumberFormat(de ? "de-DE" : "en-GB", { maximumFractionDigits: 3 });

  function termLabel(term, prefixes) {
    if (!term) return "";
    if (term.type === "uri") {
      for (var name in prefixes) {
        var iri = prefixes[name];
        if (iri && term.value.indexOf(iri) === 0) return name + ":" + term.value.substring(iri.length);
      }
      return "<" + term.value + ">";
    }
    if (term.type === "bnode") return "_:" + term.value;
    return term.value;
  }

  var NUMERIC_TYPES = new RegExp(
    "^http://www\\.w3\\.org/2001/XMLSchema#(integer|decimal|double|float|long|int|short|byte|" +
      "nonNegativeInteger|positiveInteger|nonPositiveInteger|negativeInteger|unsignedLong|unsignedInt|" +
      "unsignedShort|unsignedByte)$"
  );

  function isNumber(term) {
    return (
      !!term &&
      (term.type === "literal" || term.type === "typed-literal") &&
      /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(term.value)
    );
  }

  /* The rows to chart, as (label, number): the values of the first all-numeric column,
   * labelled by the first other column that holds text (else the first other column). */
  function chartData(yasr) {
    var results = yasr.results;
    if (!results || typeof results.getVariables !== "function") return null;
    var vars = results.getVariables();
    var bindings = results.getBindings && results.getBindings();
    if (!vars || vars.length < 2 || !bindings || !bindings.length) return null;
    var numeric = vars.filter(function (name) {
      return bindings.every(function (row) { return isNumber(row[name]); });
    });
    // Counts and measures (xsd:integer, xsd:decimal, ...) before codes that merely look numeric.
    var valueVar =
      numeric.filter(function (name) {
        return bindings.every(function (row) { return NUMERIC_TYPES.test(row[name].datatype || ""); });
      })[0] || numeric[0];
    if (!valueVar) return null;
    var others = vars.filter(function (name) { return name !== valueVar; });
    var labelVar =
      others.filter(function (name) {
        return bindings.some(function (row) {
          var term = row[name];
          return term && term.type !== "uri" && term.type !== "bnode" && !isNumber(term);
        });
      })[0] || others[0];
    var prefixes = yasr.getPrefixes ? yasr.getPrefixes() : PREFIXES;
    var rows = bindings.map(function (row) {
      return { label: termLabel(row[labelVar], prefixes), value: Number(row[valueVar].value) };
    });
    return { vars: [labelVar, valueVar], rows: rows };
  }

  function svgEl(name, attrs, text) {
    var el = document.createElementNS(SVG_NS, name);
    for (var key in attrs) el.setAttribute(key, String(attrs[key]));
    if (text !== undefined) el.textContent = text;
    return el;
  }

  function shorten(text, max) {
    return text.length > max ? text.substring(0, max - 1) + "…" : text;
  }

  function drawBarChart(data) {
    var rows = data.rows.slice(0, MAX_BARS);
    var width = 800, rowHeight = 24, top = 30, bottom = 12, fontSize = 13;
    var longest = rows.reduce(function (n, row) {
      return Math.max(n, Math.min(row.label.length, 40));
    }, 4);
    var labelWidth = Math.min(320, longest * 7 + 12);
    var x0 = labelWidth + 8;
    var plotWidth = width - x0 - 80;
    var height = top + rows.length * rowHeight + bottom;
    var values = rows.map(function (row) { return row.value; });
    var low = Math.min(0, Math.min.apply(null, values));
    var high = Math.max(0, Math.max.apply(null, values));
    var span = high - low || 1;
    function x(value) {
      return x0 + ((value - low) / span) * plotWidth;
    }
    var titleId = "ag-chart-title-" + Math.random().toString(36).slice(2);
    var svg = svgEl("svg", {
      xmlns: SVG_NS,
      width: width,
      height: height,
      viewBox: "0 0 " + width + " " + height,
      role: "img",
      "aria-labelledby": titleId,
      "font-family": "system-ui, sans-serif",
      "font-size": fontSize,
    });
    svg.appendChild(
      svgEl(
        "title",
        { id: titleId },
        t("Balkendiagramm: ?" + data.vars[1] + " je ?" + data.vars[0], "Bar chart: ?" + data.vars[1] + " by ?" + data.vars[0])
      )
    );
    svg.appendChild(svgEl("rect", { x: 0, y: 0, width: width, height: height, fill: "#ffffff" }));
    svg.appendChild(svgEl("text", { x: labelWidth, y: 18, "text-anchor": "end", fill: "#1a1a1a", "font-weight": "bold" }, "?" + data.vars[0]));
    svg.appendChild(svgEl("text", { x: x0, y: 18, fill: "#1a1a1a", "font-weight": "bold" }, "?" + data.vars[1]));
    rows.forEach(function (row, i) {
      var y = top + i * rowHeight;
      var group = svgEl("g", {});
      group.appendChild(svgEl("title", {}, row.label + ": " + numberFormat.format(row.value)));
      group.appendChild(
        svgEl("text", { x: labelWidth, y: y + rowHeight / 2 + 4, "text-anchor": "end", fill: "#1a1a1a" }, shorten(row.label, 40))
      );
      var start = x(Math.min(0, row.value));
      var barWidth = Math.abs(x(row.value) - x(0));
      group.appendChild(svgEl("rect", { x: start, y: y + 3, width: barWidth, height: rowHeight - 6, fill: "#0b5cad" }));
      group.appendChild(
        svgEl("text", { x: start + barWidth + 4, y: y + rowHeight / 2 + 4, fill: "#1a1a1a" }, numberFormat.format(row.value))
      );
      svg.appendChild(group);
    });
    svg.appendChild(svgEl("line", { x1: x(0), x2: x(0), y1: top - 2, y2: height - bottom + 2, stroke: "#1a1a1a" }));
    return svg;
  }

  function BarChart(yasr) {
    this.yasr = yasr;
    this.label = t("Diagramm", "Chart");
    this.priority = 5;
    this.svgText = "";
  }
  BarChart.prototype.canHandleResults = function () {
    return chartData(this.yasr) !== null;
  };
  BarChart.prototype.draw = function () {
    var data = chartData(this.yasr);
    if (!data) return;
    var figure = document.createElement("figure");
    figure.className = "ag-chart";
    var svg = drawBarChart(data);
    figure.appendChild(svg);
    if (data.rows.length > MAX_BARS) {
      var caption = document.createElement("figcaption");
      caption.textContent = t(
        "Die ersten " + MAX_BARS + " von " + data.rows.length + " Zeilen; alle stehen in der Tabelle.",
        "The first " + MAX_BARS + " of " + data.rows.length + " rows; the table has them all."
      );
      figure.appendChild(caption);
    }
    this.yasr.resultsEl.appendChild(figure);
    this.svgText = new XMLSerializer().serializeToString(svg);
  };
  BarChart.prototype.getIcon = function () {
    var icon = svgEl("svg", { viewBox: "0 0 16 16", width: 16, height: 16, "aria-hidden": "true", fill: "currentColor" });
    icon.appendChild(svgEl("rect", { x: 1, y: 2, width: 9, height: 3 }));
    icon.appendChild(svgEl("rect", { x: 1, y: 7, width: 14, height: 3 }));
    icon.appendChild(svgEl("rect", { x: 1, y: 12, width: 6, height: 3 }));
    return icon;
  };
  BarChart.prototype.download = function (filename) {
    var self = this;
    if (!self.svgText) return undefined;
    return {
      contentType: "image/svg+xml",
      filename: (filename || "queryResults") + ".svg",
      title: t("Diagramm herunterladen (SVG)", "Download the chart (SVG)"),
      getData: function () {
        return self.svgText;
      },
    };
  };

  /* ---- Only local autocompleters and result views. ---- */

  Yasqe.forkAutocompleter(
    "prefixes",
    {
      name: "akteursgraphPrefixes",
      persistenceId: null,
      get: PREFIX_NAMES.slice()
        .sort()
        .map(function (name) {
          return name + ": <" + PREFIXES[name] + ">";
        }),
    },
    false
  );
  var LOCAL_COMPLETERS = ["variables", "akteursgraphPrefixes"];
  Object.keys(Yasqe.Autocompleters).forEach(function (name) {
    if (LOCAL_COMPLETERS.indexOf(name) < 0) delete Yasqe.Autocompleters[name];
  });
  // Yasgui.defaults.yasqe is this same object; lodash's merge would mix arrays index by index.
  Yasqe.defaults.autocompleters = LOCAL_COMPLETERS.slice();
  Yasqe.defaults.prefixCcApi = null;

  Yasr.registerPlugin("barchart", BarChart);
  var LOCAL_VIEWS = ["table", "barchart", "response", "boolean", "error"];
  Object.keys(Yasr.plugins).forEach(function (name) {
    if (LOCAL_VIEWS.indexOf(name) < 0) {
      delete Yasr.plugins[name];
      delete Yasr.defaults.plugins[name];
    }
  });
  Yasr.defaults.pluginOrder = ["table", "barchart", "response"];

  // Share links point at this page's permalink form; YASGUI's own form would carry the endpoint.
  Yasgui.Tab.prototype.getShareableLink = function () {
    return permalink(this.getQuery());
  };

  /* ---- The editor. ---- */

  var yasgui;
  try {
    yasgui = new Yasgui(container, {
      persistenceId: "akteursgraph",
      tabName: t("Abfrage", "Query"),
      autofocus: false,
      populateFromUrl: false,
      copyEndpointOnNewTab: false,
      corsProxy: undefined,
      endpointCatalogueOptions: {
        getData: function () {
          return [];
        },
      },
      endpointInfo: function () {
        var info = document.createElement("span");
        info.className = "ag-endpoint";
        info.appendChild(document.createTextNode(t("Endpunkt: ", "Endpoint: ")));
        var code = document.createElement("code");
        code.textContent = ENDPOINT;
        info.appendChild(code);
        return info;
      },
      requestConfig: {
        endpoint: ENDPOINT,
        method: "POST",
        acceptHeaderSelect: "application/sparql-results+json",
        acceptHeaderGraph: "text/turtle",
      },
      yasqe: {
        value: defaultQuery(),
        // CodeMirror's option: the accessible name of the editor's text field.
        screenReaderLabel: t("SPARQL-Abfrage", "SPARQL query"),
        collapsePrefixesOnLoad: true,
        prefixCcApi: null,
      },
      yasr: {
        prefixes: PREFIXES,
        defaultPlugin: "table",
      },
    });
  } catch (err) {
    container.textContent = t("Der Editor konnte nicht starten: ", "The editor could not start: ") + err;
    return;
  }

  // Tabs kept in the browser's storage from an earlier visit may name another endpoint.
  yasgui.persistentConfig.getTabs().forEach(function (id) {
    var tab = yasgui.getTab(id);
    if (tab && tab.getEndpoint() !== ENDPOINT) tab.setEndpoint(ENDPOINT);
  });

  var status = document.getElementById("editor-status");
  function announce(text) {
    if (status) status.textContent = text;
  }

  function findTab(test) {
    var ids = yasgui.persistentConfig.getTabs();
    for (var i = 0; i < ids.length; i++) {
      var tab = yasgui.getTab(ids[i]);
      if (tab && test(tab)) return tab;
    }
    return undefined;
  }

  /* Open `query` in the tab called `name` (made if needed) or in a new tab; optionally run it. */
  function openQuery(query, name, run) {
    var text = withPrefixes(query);
    var tab = name
      ? findTab(function (tab) { return tab.getName() === name; })
      : findTab(function (tab) { return tab.getPersistedJson().yasqe.value === text; });
    if (tab) {
      yasgui.selectTabId(tab.getId());
      if (tab.getQuery() !== text) tab.setQuery(text);
    } else {
      tab = yasgui.addTab(true, { name: name || yasgui.createTabName(), yasqe: { value: text } });
    }
    if (run) tab.query().catch(function () {});
    return tab;
  }

  function tabName(title) {
    return shorten(title, 32);
  }

  function galleryEntry(id) {
    for (var i = 0; i < GALLERY.length; i++) if (String(GALLERY[i].id) === id) return GALLERY[i];
    return undefined;
  }

  Array.prototype.forEach.call(document.querySelectorAll("button[data-gallery-id]"), function (button) {
    var entry = galleryEntry(button.getAttribute("data-gallery-id"));
    if (!entry) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var title = pick(entry.title);
      openQuery(entry.query, tabName(title), true);
      announce(t("„" + title + "“ ist im Editor geladen und läuft.", "“" + title + "” is loaded into the editor and running."));
      var box = container.getBoundingClientRect();
      if (box.top < 0 || box.top > window.innerHeight) container.scrollIntoView({ block: "start" });
    });
  });

  yasgui.on("queryResponse", function () {
    announce(t("Das Ergebnis ist da.", "The result has arrived."));
  });

  if (cfg.initialQuery) {
    var fromGallery = GALLERY.filter(function (entry) { return entry.query === cfg.initialQuery; })[0];
    openQuery(cfg.initialQuery, fromGallery ? tabName(pick(fromGallery.title)) : undefined, false);
  }

  cfg.yasgui = yasgui; // for the browser console and browser tests

  var hint = document.getElementById("editor-hint");
  if (hint) hint.hidden = false;
  // The editor does what the plain form does; the form stays for visitors without JavaScript.
  var freeQuery = document.getElementById("free-query");
  if (freeQuery) freeQuery.hidden = true;
})();
