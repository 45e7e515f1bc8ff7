/* The YASGUI set-up: YASGUI (from the npm registry, served from static/vendor/) wired to this
 * server's own SPARQL endpoint, with nothing that contacts another host:
 *  - the endpoint is fixed to this server's /sparql, with no catalogue of other endpoints;
 *  - the class and property autocompleters (they ask lov.linkeddata.es) are removed, and the
 *    prefix autocompleter offers our own prefixes instead of its bundled prefix.cc list;
 *  - the result views are YASR's table, response and boolean views plus our bar chart
 *    (barchart.js) and our error view (error.js: the page's language only); any other
 *    registered view is removed;
 *  - share links are this page's permalinks (gallery.js), not YASGUI's, which carry the endpoint.
 * Which prefixes a query uses is decided on the server (akteursgraph.sparql.prefixes), so there
 * is no prefix logic here: only the prefix map, for completion and for shortening result IRIs.
 */

import { makeBarChart } from "./barchart.js";
import { makeErrorView } from "./error.js";
import { permalink } from "./gallery.js";

var LOCAL_COMPLETERS = ["variables", "akteursgraphPrefixes"];
var LOCAL_VIEWS = ["table", "barchart", "response", "boolean", "error"];

/* Only local autocompleters and result views; share links to our permalinks. Changes YASGUI's
 * defaults, so it runs once, before the editor is made. */
export function keepLocal(Yasgui, settings, t) {
  var Yasqe = Yasgui.Yasqe;
  var Yasr = Yasgui.Yasr;
  var prefixes = settings.prefixes || {};

  Yasqe.forkAutocompleter(
    "prefixes",
    {
      name: "akteursgraphPrefixes",
      persistenceId: null,
      get: Object.keys(prefixes)
        .sort()
        .map(function (name) {
          return name + ": <" + prefixes[name] + ">";
        }),
    },
    false
  );
  Object.keys(Yasqe.Autocompleters).forEach(function (name) {
    if (LOCAL_COMPLETERS.indexOf(name) < 0) delete Yasqe.Autocompleters[name];
  });
  // Yasgui.defaults.yasqe is this same object; lodash's merge would mix arrays index by index.
  Yasqe.defaults.autocompleters = LOCAL_COMPLETERS.slice();
  Yasqe.defaults.prefixCcApi = null;
  predeclare(Yasqe, prefixes);

  sayEmptyGraph(Yasr, t);
  helpOnlyWhereThereIsSome(Yasr);
  Yasr.registerPlugin("barchart", makeBarChart(t, settings.lang, prefixes));
  // In place of YASR's own, which shows the error body's two languages under an English link.
  Yasr.registerPlugin("error", makeErrorView(t, settings.lang));
  Object.keys(Yasr.plugins).forEach(function (name) {
    if (LOCAL_VIEWS.indexOf(name) < 0) {
      delete Yasr.plugins[name];
      delete Yasr.defaults.plugins[name];
    }
  });
  Yasr.defaults.pluginOrder = ["table", "barchart", "response"];

  var editorUrl = new URL(settings.editorUrl || window.location.pathname, window.location.href).href;
  Yasgui.Tab.prototype.getShareableLink = function () {
    return permalink(editorUrl, this.getQuery());
  };
}

/* The syntax check knows the prefixes the endpoint declares itself: a query without PREFIX
 * lines ("?n schema:name ?name", as docs/sparql.md writes it) was marked "Prefix 'schema' is
 * not defined" while the server answered it. The grammar's start state gets them, as if
 * declared before the first line; a PREFIX line of the query still overrides one. */
function predeclare(Yasqe, prefixes) {
  var mode = Yasqe.modes && Yasqe.modes.sparql11;
  if (typeof mode !== "function" || mode.predeclared) return;
  var wrapped = function () {
    var made = mode.apply(this, arguments);
    var start = made.startState;
    made.startState = function () {
      var state = start.apply(made, arguments);
      state.prefixes = Object.assign({}, prefixes, state.prefixes);
      return state;
    };
    return made;
  };
  Object.keys(mode).forEach(function (key) {
    wrapped[key] = mode[key];
  });
  wrapped.predeclared = true;
  Yasqe.modes.sparql11 = wrapped;
}

/* Whether `results` are an empty answer body (a CONSTRUCT that found nothing: an empty
 * Turtle document). YASR then falls back to its summary of the fetch, an object. */
export function isEmptyAnswer(results) {
  var data = results && results.getData ? results.getData() : null;
  return !!data && typeof data === "object" && data.content === "";
}

/* YASR's help button, for a view without a help page (the chart view), only greys itself out:
 * it kept the name and the address of the help of the view shown before ("Dokumentation zu
 * „Antwort“", a page on docs.triply.cc that Enter still opened). Without them it is no link. */
function helpOnlyWhereThereIsSome(Yasr) {
  var update = Yasr.prototype.updateHelpButton;
  Yasr.prototype.updateHelpButton = function () {
    update.apply(this, arguments);
    var link = this.documentationLink;
    if (link && link.classList.contains("disabled")) {
      link.removeAttribute("href");
      link.removeAttribute("aria-label");
    }
  };
}

/* YASR's response view showed an empty answer as that object, `{ "ok": true, "status": 200,
 * … "content": "" }` (and its download saved it): it says that nothing came. */
function sayEmptyGraph(Yasr, t) {
  var view = Yasr.plugins.response;
  if (!view || !view.prototype || view.prototype.akteursgraphEmpty) return;
  var draw = view.prototype.draw;
  view.prototype.draw = function () {
    if (!isEmptyAnswer(this.yasr.results)) return draw.apply(this, arguments);
    var note = document.createElement("p");
    note.className = "ag-empty-answer";
    note.textContent = t("Die Antwort ist leer: die Abfrage ergab keine Tripel.", "The answer is empty: the query gave no triples.");
    this.yasr.resultsEl.appendChild(note);
  };
  var download = view.prototype.getDownloadInfo;
  if (download) {
    view.prototype.getDownloadInfo = function () {
      return isEmptyAnswer(this.yasr.results) ? undefined : download.apply(this, arguments);
    };
  }
  view.prototype.akteursgraphEmpty = true;
}

function defaultQuery(settings, t) {
  return [
    settings.prologue || "", // ends with a newline: a blank line follows
    t("# Die häufigsten Klassen im öffentlichen Graphen", "# The most frequent classes in the public graph"),
    "SELECT ?class (COUNT(?entity) AS ?count) WHERE {",
    "  ?entity a ?class .",
    "}",
    "GROUP BY ?class",
    "ORDER BY DESC(?count)",
    "LIMIT 20",
  ].join("\n");
}

// Where the names YASGUI gave its tabs are kept ({tab id: name}), apart from YASGUI's own
// storage, which holds a tab's name but not who chose it.
var GIVEN_NAMES = "akteursgraph_given_tab_names";

/* The names YASGUI gave the kept tabs, or null if none were recorded (a first visit, or tabs
 * kept from before the record existed). */
function givenTabNames() {
  try {
    var kept = JSON.parse(window.localStorage.getItem(GIVEN_NAMES));
    return kept && typeof kept === "object" ? kept : null;
  } catch (e) {
    return null;
  }
}

/* Whether YASGUI keeps tabs from an earlier visit (its storage key: persistence id + "_config"). */
function hasKeptTabs() {
  try {
    return window.localStorage.getItem("akteursgraph_config") !== null;
  } catch (e) {
    return true;
  }
}

// The record of the tab last closed ({id, name}), which YASGUI can reopen (its "restore the
// closed tab" keeps one, across visits too).
var CLOSED_NAME = "akteursgraph_closed_tab_name";

/* Whether `tab`, just made, is a copy of a tab YASGUI named that still has that name: a copy
 * (YASGUI's "Copy Tab", "Kopieren" in the tabs' actions) has the name and the query of its
 * tab. It then follows the page as its tab does; it kept "Abfrage 2" on the English page
 * while its tab became "Query 2". `sourceId`: the tab copied, where known; it decides (a
 * copy of the visitor's tab she named "Abfrage 1" was taken for one of YASGUI's "Abfrage
 * 1", both with the first query, and became "Query 1"). */
function copiesAGivenName(yasgui, names, tab, sourceId) {
  var name = tab.getName();
  var kept = tab.getPersistedJson().yasqe;
  var copied = function (id) {
    var source = id !== tab.getId() && yasgui.getTab(id);
    if (!source || source.getName() !== name) return false;
    var its = source.getPersistedJson().yasqe;
    return !!kept && !!its && its.value === kept.value;
  };
  if (sourceId && copied(sourceId)) return names[sourceId] === name;
  return Object.keys(names).some(function (id) {
    return names[id] === name && copied(id);
  });
}

/* Record `names` and, from now on, the name YASGUI gives each tab it makes (its
 * `createTabName`); a renamed tab then no longer has the name it was given. A copied tab
 * keeps the name it had and is recorded only where that is YASGUI's (`copiesAGivenName`;
 * re-check: a copy of the visitor's "Abfrage 7" became "Query 7"). The tab last closed
 * keeps its record, so that reopened it is YASGUI's as before and `follow`s the page (it
 * had kept "Abfrage 3" on the English page ever after), or the visitor's as before. */
function keepGivenTabNames(yasgui, names, follow) {
  var save = function () {
    try {
      window.localStorage.setItem(GIVEN_NAMES, JSON.stringify(names));
    } catch (e) {
      // storage full or forbidden: names then stay as they are on the other page
    }
  };
  var closed = null;
  try {
    closed = JSON.parse(window.localStorage.getItem(CLOSED_NAME));
  } catch (e) {
    closed = null;
  }
  var made = {};
  var given = {};
  // The tab a copy is made of: "Kopieren" in the tabs' actions says which (tabs.js), YASGUI's
  // "Copy Tab" copies the tab its menu was opened on (a right click on it).
  var copyOf = null;
  yasgui.on("akteursgraphCopyOf", function (id) {
    copyOf = id;
  });
  document.addEventListener(
    "contextmenu",
    function (event) {
      var link = event.target.closest && event.target.closest("#yasgui .tabsList a[role=tab]");
      if (link) copyOf = link.getAttribute("aria-controls");
    },
    true
  );
  var createTabName = yasgui.createTabName;
  yasgui.createTabName = function () {
    var name = createTabName.apply(yasgui, arguments);
    given[name] = true;
    return name;
  };
  yasgui.on("tabAdd", function (instance, id) {
    made[id] = true;
  });
  yasgui.on("tabChange", function (instance, tab) {
    var id = tab.getId();
    if (!made[id]) return;
    delete made[id];
    var name = tab.getName();
    // A tab reopened is the one closed, no copy: its record decides (re-check: the visitor's
    // "Abfrage 1", reopened beside YASGUI's "Abfrage 1", was taken for a copy of it).
    var reopened = closed !== null && closed.id === id;
    if (!reopened && (given[name] || copiesAGivenName(yasgui, names, tab, copyOf)))
      names[id] = name;
    given = {};
    copyOf = null;
    if (reopened && closed.name === name) {
      names[id] = name;
      // After YASGUI has drawn the tab (this runs inside its `addTab`, before the tab's
      // element exists: renamed now, the reopening failed).
      Promise.resolve().then(function () {
        follow(tab);
        names[id] = tab.getName();
        save();
      });
    }
    save();
  });
  yasgui.on("tabClose", function (instance, tab) {
    var id = tab.getId();
    closed = { id: id, name: id in names ? names[id] : null };  // null: not YASGUI's name
    delete names[id];
    try {
      window.localStorage.setItem(CLOSED_NAME, JSON.stringify(closed));
    } catch (e) {
      // as in `save`
    }
    save();
  });
  save();
}

/* The editor in `container`, talking to this server's endpoint only. Throws if YASGUI fails. */
export function createEditor(Yasgui, container, settings, t) {
  var endpoint = new URL(settings.endpoint, window.location.href).href;
  var given = givenTabNames();
  var firstVisit = !hasKeptTabs();
  var yasgui = new Yasgui(container, {
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
      code.textContent = endpoint;
      info.appendChild(code);
      return info;
    },
    requestConfig: {
      endpoint: endpoint,
      method: "POST",
      acceptHeaderSelect: "application/sparql-results+json",
      acceptHeaderGraph: "text/turtle",
    },
    yasqe: {
      value: defaultQuery(settings, t),
      // CodeMirror's option: the accessible name of the editor's text field.
      screenReaderLabel: t("SPARQL-Abfrage", "SPARQL query"),
      collapsePrefixesOnLoad: true,
      prefixCcApi: null,
    },
    yasr: {
      prefixes: settings.prefixes || {},
      defaultPlugin: "table",
    },
  });

  // The formats the endpoint answers a CONSTRUCT or DESCRIBE in ([name, media type]).
  var formats = settings.graphFormats || [];
  // Tabs kept in the browser's storage from an earlier visit may name another endpoint, or
  // a graph format the endpoint does not serve.
  // They also keep the name and the first query they were given on a page in the other
  // language: "Abfrage" on the English page, "# The most frequent classes …" on the German
  // one (walk), and a download was named after the tab. Both, where untouched, follow the page.
  var other = function (textDe, textEn) {
    return t(textEn, textDe);
  };
  // A name is YASGUI's only where it is the name the tab was given when it was made (kept in
  // `given`): a visitor who renamed a tab "Abfrage 7" keeps "Abfrage 7" on the English page.
  // Tabs kept from before that record existed are read as YASGUI named them.
  var otherName = new RegExp("^" + other("Abfrage", "Query") + "( \\d+)?$");
  var ownName = new RegExp("^" + t("Abfrage", "Query") + "( \\d+)?$");
  var otherQuery = defaultQuery(settings, other);
  var follow = function (tab) {
    var named = otherName.exec(tab.getName() || "");
    if (named) tab.setName(t("Abfrage", "Query") + (named[1] || ""));
  };
  var ids = yasgui.persistentConfig.getTabs();
  var names = {};
  ids.forEach(function (id) {
    var tab = yasgui.getTab(id);
    if (!tab) return;
    var untouched = given === null || firstVisit ? true : given[id] === (tab.getName() || "");
    if (untouched) follow(tab);
    if (untouched && ownName.test(tab.getName() || "")) names[id] = tab.getName();
    var kept = tab.persistentJson && tab.persistentJson.yasqe;
    if (kept && kept.value === otherQuery) {
      // Only the shown tab has its editor; another's query is read from what is kept.
      if (tab.getYasqe()) tab.setQuery(defaultQuery(settings, t));
      else kept.value = defaultQuery(settings, t);
    }
    if (tab.getEndpoint() !== endpoint) tab.setEndpoint(endpoint);
    var graph = tab.getRequestConfig && tab.getRequestConfig().acceptHeaderGraph;
    if (typeof graph === "string" && !formats.some(function (f) { return f[1] === graph; }))
      tab.setRequestConfig({ acceptHeaderGraph: "text/turtle" });
  });
  keepGivenTabNames(yasgui, names, follow);
  keepServedFormats(container, formats);
  nameTheSettings(container, t);
  linkOursHere(container, settings);
  scrollByKeyboard(container, t);
  spaceLikeEnter(container);
  addTabBesideTheTabs(yasgui);
  homeAndEndInTheTabs(yasgui);
  return yasgui;
}

/* A column's sort control (DataTables: role="button") and a query's tab (YASGUI: role="tab")
 * acted on Enter alone: Space, which a button and a tab take as well, did nothing
 * (WCAG 2.1.1, browser walk). It now does what a click does. */
var SPACE_CLICKS = '.yasr_results thead [role="button"], a[role="tab"]';

function spaceLikeEnter(container) {
  container.addEventListener("keydown", function (event) {
    if (event.key !== " " || event.defaultPrevented || !(event.target instanceof Element)) return;
    if (!event.target.matches(SPACE_CLICKS)) return;
    event.preventDefault();  // not a scroll of the page
    event.target.click();
  });
}

/* In a tab list Home and End move to the first and the last tab (WAI-ARIA's tabs pattern);
 * YASGUI moves with the arrow keys alone, and Home and End did nothing (browser walk). This
 * moves as its arrow keys do: its `tabEntryIndex` says which tab holds the focus, and a tab
 * left that is not the open one leaves the Tab order again. Runs after
 * `addTabBesideTheTabs`, so the list holds tabs only. */
function homeAndEndInTheTabs(yasgui) {
  var list = yasgui.tabElements;
  var tabs = list && list._tabsListEl;
  if (!tabs) return;
  tabs.addEventListener("keydown", function (event) {
    if (event.key !== "Home" && event.key !== "End") return;
    if (!(event.target instanceof Element) || !event.target.matches('a[role="tab"]')) return;
    var count = tabs.childElementCount;
    if (!count) return;
    var left = tabs.children[list.tabEntryIndex];
    if (left && !left.classList.contains("active") && left.children[0])
      left.children[0].setAttribute("tabindex", "-1");
    list.tabEntryIndex = event.key === "Home" ? 0 : count - 1;
    var link = tabs.children[list.tabEntryIndex].children[0];
    link.setAttribute("tabindex", "0");
    link.focus();
    event.preventDefault();  // not a scroll of the page
  });
}

/* YASGUI puts its "+" (new tab) button inside its role="tablist", which may own tabs only
 * (axe: aria-required-children, critical; the accessibility statement declared it). The
 * button goes beside the list, both in a row of their own; YASGUI, which inserts a new tab
 * before the button, then appends it to the list. */
function addTabBesideTheTabs(yasgui) {
  var list = yasgui.tabElements;
  var tabs = list && list._tabsListEl;
  var add = list && list.addTabEl;
  if (!tabs || !add || add.parentNode !== tabs) return;
  var row = document.createElement("div");
  row.className = "ag-tab-row";
  tabs.parentNode.insertBefore(row, tabs);
  row.appendChild(tabs);
  row.appendChild(add);
  list.addTabEl = null;
}

/* The settings' choice of a format for "Construct / Describe" offers what the endpoint
 * serves (`formats`, from the page's settings): YASGUI's fixed list had TriG, N-Quads, RDF/JSON, CSV and TSV (each answered 406)
 * and no JSON-LD. Its select is known by its N-Quads option; it is drawn anew each time the
 * settings open. */
function keepServedFormats(container, formats) {
  function fix(select) {
    var chosen = select.value;
    while (select.firstChild) select.removeChild(select.firstChild);
    formats.forEach(function (format) {
      var option = document.createElement("option");
      option.textContent = format[0];
      option.value = format[1];
      select.appendChild(option);
    });
    select.value = formats.some(function (f) { return f[1] === chosen; }) ? chosen : "text/turtle";
  }
  function look(root) {
    if (root.nodeType !== Node.ELEMENT_NODE) return;
    var selects = root.matches("select") ? [root] : root.querySelectorAll("select");
    Array.prototype.forEach.call(selects, function (select) {
      if (select.querySelector('option[value="application/n-quads"]')) fix(select);
    });
  }
  onEachAdded(container, look);
}

/* The fields of YASGUI's settings have no names of their own: a label stands above each group,
 * but it labels nothing (axe: label and select-name, critical, walk). Each field gets its
 * group's name and its part: "Parameter: Name", "Standard-Graph (IRI) 1". The groups are
 * known by their order, which YASGUI fixes (their labels' texts change when german.js
 * relabels them); a row YASGUI adds as one is typed is named too. */
function nameTheSettings(container, t) {
  var groups = [
    t("Parameter", "Argument"),
    t("Header-Parameter", "Header argument"),
    t("Standard-Graph (IRI)", "Default graph (IRI)"),
    t("Benannter Graph (IRI)", "Named graph (IRI)"),
  ];
  var formats = [t("Format für Ask und Select", "Format for Ask and Select"),
                 t("Format für Construct und Describe", "Format for Construct and Describe")];
  var parts = [t("Name", "Name"), t("Wert", "Value")];
  function say(el, name, value) {
    if (el.getAttribute(name) !== value) el.setAttribute(name, value);
  }
  function name(menu) {
    Array.prototype.forEach.call(menu.querySelectorAll(".acceptWrapper select"), function (select, i) {
      if (formats[i]) say(select, "aria-label", formats[i]);
    });
    // The chosen request method was told by its colour alone.
    Array.prototype.forEach.call(menu.querySelectorAll(".selectorButton"), function (button) {
      say(button, "aria-pressed", /\bselected\b/.test(button.className) ? "true" : "false");
    });
    Array.prototype.forEach.call(menu.querySelectorAll(".textSetting"), function (group, g) {
      var label = groups[g];
      if (!label) return;
      Array.prototype.forEach.call(group.querySelectorAll(".textRow, .graphInput"), function (row, r) {
        Array.prototype.forEach.call(row.querySelectorAll("input"), function (input, k) {
          var part = row.classList.contains("textRow") ? ": " + (parts[k] || "") : "";
          say(input, "aria-label", label + " " + (r + 1) + part);
        });
        // Its remove button was named "X" in every row.
        Array.prototype.forEach.call(row.querySelectorAll("button"), function (button) {
          say(button, "aria-label", t("Entfernen: ", "Remove: ") + label + " " + (r + 1));
        });
      });
    });
  }
  function look(root) {
    if (!root || root.nodeType !== Node.ELEMENT_NODE) return;
    var menu = root.closest(".tabMenu") || (root.matches(".tabMenu") ? root : root.querySelector(".tabMenu"));
    if (menu) name(menu);
  }
  look(container);
  // A row's remove button, pressed by the keyboard, took the focus with it to the page's
  // start (re-check): it goes to the row now in its place, or else the one before it.
  container.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".tabMenu .removeButton");
    var group = button && button.closest(".textSetting");
    if (!group) return;
    var menu = group.closest(".tabMenu");
    var g = Array.prototype.indexOf.call(menu.querySelectorAll(".textSetting"), group);
    var r = Array.prototype.indexOf.call(group.querySelectorAll(".textRow, .graphInput"), button.closest(".textRow, .graphInput"));
    setTimeout(function () {
      var now = menu.querySelectorAll(".textSetting")[g];
      var rows = now ? now.querySelectorAll(".textRow, .graphInput") : [];
      var row = rows[Math.min(r, rows.length - 1)];
      var field = row && row.querySelector("input");
      if (field) field.focus();
    }, 0);
  }, true);  // before the button's own handler takes its row out of the page
  // Rows added, rows removed (the others are numbered anew), a method chosen (its class).
  new MutationObserver(function (records) {
    records.forEach(function (record) {
      if (record.type === "attributes") {
        if (record.target.classList.contains("selectorButton")) look(record.target);
        return;
      }
      look(record.target);
      record.addedNodes.forEach(look);
    });
  }).observe(container, { subtree: true, childList: true, attributes: true, attributeFilter: ["class"] });
}

/* YASR links a result's IRIs to themselves, in a new window: ours went to their canonical
 * host (w3id.org), which on an intranet, or for a copy not yet published, leads elsewhere or
 * nowhere (walk). An IRI under the base links to its page on this site, in this window, as
 * the explorer's links do; any other IRI keeps YASR's link. */
function linkOursHere(container, settings) {
  var base = settings.base;
  var here = settings.sitePath || "/";
  if (!base) return;
  function look(root) {
    if (root.nodeType !== Node.ELEMENT_NODE) return;
    var links = root.matches("a.iri") ? [root] : root.querySelectorAll("a.iri");
    Array.prototype.forEach.call(links, function (a) {
      var href = a.getAttribute("href") || "";
      if (href.indexOf(base) !== 0 || href.length === base.length) return;
      a.setAttribute("href", here + href.substring(base.length));
      a.removeAttribute("target");
      a.removeAttribute("rel");
    });
  }
  onEachAdded(container, look);
}

/* A query longer than the editor scrolls in CodeMirror's scroller, which the keyboard cannot
 * reach (it has tabindex -1; the text field it scrolls for is elsewhere): axe's
 * scrollable-region-focusable, serious, whenever a tab held a long query (re-check). It is a
 * stop of its own, named, where the arrow keys scroll what the text field holds. */
function scrollByKeyboard(container, t) {
  var label = t("Abfragetext zum Lesen: mit den Pfeiltasten blättern", "Query text to read: scroll with the arrow keys");
  function look(root) {
    if (root.nodeType !== Node.ELEMENT_NODE) return;
    var scrollers = root.matches(".CodeMirror-scroll") ? [root] : root.querySelectorAll(".yasqe .CodeMirror-scroll");
    Array.prototype.forEach.call(scrollers, function (scroller) {
      if (scroller.getAttribute("tabindex") === "0") return;
      scroller.setAttribute("tabindex", "0");
      scroller.setAttribute("role", "group");
      scroller.setAttribute("aria-label", label);
    });
  }
  onEachAdded(container, look);
}

/* Calls `look` on `container` now, and on each element YASGUI adds inside it later: it draws
 * its settings, result cells and editors anew, so what this module sets on them is set again. */
export function onEachAdded(container, look) {
  look(container);
  new MutationObserver(function (records) {
    records.forEach(function (record) {
      record.addedNodes.forEach(look);
    });
  }).observe(container, { subtree: true, childList: true });
}
