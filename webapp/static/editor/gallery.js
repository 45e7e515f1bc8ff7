/* The gallery and permalinks: the gallery's "load into the editor and run" buttons, the query
 * a permalink (/sparql/editor?query=...) brings, and the permalinks the share button makes.
 * The server hands every query over with the PREFIX lines it needs already added
 * (akteursgraph.sparql.prefixes), so a query opens here exactly as it is given. */

import { announce } from "./page.js";
import { pick, shorten } from "./text.js";

/* The editor page's URL that opens `query` in the editor. */
export function permalink(editorUrl, query) {
  var url = new URL(editorUrl);
  url.search = "";
  url.hash = "";
  url.searchParams.set("query", query);
  return url.href;
}

function findTab(yasgui, test) {
  var ids = yasgui.persistentConfig.getTabs();
  for (var i = 0; i < ids.length; i++) {
    var tab = yasgui.getTab(ids[i]);
    if (tab && test(tab)) return tab;
  }
  return undefined;
}

/* Open `query` in the tab called `name` (made if needed), or in a tab that already holds it,
 * or in a new tab; optionally run it. */
function openQuery(yasgui, query, name, run) {
  var tab = name
    ? findTab(yasgui, function (tab) { return tab.getName() === name; })
    : findTab(yasgui, function (tab) { return tab.getPersistedJson().yasqe.value === query; });
  if (tab) {
    yasgui.selectTabId(tab.getId());
    if (tab.getQuery() !== query) tab.setQuery(query);
  } else {
    tab = yasgui.addTab(true, { name: name || yasgui.createTabName(), yasqe: { value: query } });
  }
  if (run) tab.query().catch(function () {});
  return tab;
}

function tabName(title) {
  return shorten(title, 32);
}

function galleryEntry(gallery, id) {
  for (var i = 0; i < gallery.length; i++) if (String(gallery[i].id) === String(id)) return gallery[i];
  return undefined;
}

/* Show each gallery entry's button, which loads its query into a tab of its own and runs it. */
export function wireGallery(yasgui, container, settings, t) {
  var gallery = settings.gallery || [];
  Array.prototype.forEach.call(document.querySelectorAll("button[data-gallery-id]"), function (button) {
    var entry = galleryEntry(gallery, button.getAttribute("data-gallery-id"));
    if (!entry) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var title = pick(entry.title, settings.lang);
      openQuery(yasgui, entry.query, tabName(title), true);
      announce(t("„" + title + "“ ist im Editor geladen und läuft.", "“" + title + "” is loaded into the editor and running."));
      var box = container.getBoundingClientRect();
      if (box.top < 0 || box.top > window.innerHeight) container.scrollIntoView({ block: "start" });
    });
  });
}

/* The permalink's query, if any, in the editor (not run); a gallery query gets its tab name. */
export function openInitialQuery(yasgui, settings) {
  var initial = settings.initial;
  if (!initial || !initial.query) return;
  var entry = initial.galleryId ? galleryEntry(settings.gallery || [], initial.galleryId) : undefined;
  openQuery(yasgui, initial.query, entry ? tabName(pick(entry.title, settings.lang)) : undefined, false);
}
