/* The editor's tab actions by keyboard (WCAG 2.1.1), and a named field to rename a tab
 * (WCAG 4.1.2). YASGUI offers copying, renaming, closing the others and reopening the closed
 * tab only in a menu that a right click opens and any key closes; it renames in a field inside
 * the tab's link, without a name (axe, while renaming: label, critical; nested-interactive,
 * serious). A button beside the tabs ("Tab-Aktionen") shows the same actions for the shown tab
 * as buttons; F2 on a tab renames it; and every renaming (from there, a double click or
 * YASGUI's menu) asks in a dialog with a labelled field.
 */

/* An element `tag` with the class `className` and, where given, the text `text`. */
function element(tag, className, text) {
  var el = document.createElement(tag);
  if (className) el.className = className;
  if (text !== undefined) el.textContent = text;
  return el;
}

/* A KERN button of `text`. */
function button(text, kind) {
  var el = element("button", "kern-btn kern-btn--" + kind);
  el.type = "button";
  el.appendChild(element("span", "kern-label", text));
  return el;
}

/* The dialog that renames a tab: `ask(id)` opens it for the tab `id`; closed, the focus goes
 * back to that tab. */
function renameDialog(yasgui, place, t) {
  var dialog = element("dialog", "ag-rename-tab");
  dialog.setAttribute("aria-labelledby", "ag-rename-tab-title");
  var form = element("form");
  form.method = "dialog";
  var title = element("h2", "kern-title kern-title--small", t("Tab umbenennen", "Rename the tab"));
  title.id = "ag-rename-tab-title";
  var field = element("div", "kern-form-input");
  var label = element("label", "kern-label", t("Name des Tabs", "Name of the tab"));
  label.htmlFor = "ag-rename-tab-name";
  var input = element("input", "kern-form-input__input");
  input.id = "ag-rename-tab-name";
  input.type = "text";
  input.required = true;
  field.appendChild(label);
  field.appendChild(input);
  var rename = button(t("Umbenennen", "Rename"), "primary");
  rename.type = "submit";
  rename.value = "rename";
  var cancel = button(t("Abbrechen", "Cancel"), "secondary");
  cancel.addEventListener("click", function () {
    dialog.close("");
  });
  var buttons = element("div", "ag-rename-tab__buttons");
  buttons.appendChild(rename);
  buttons.appendChild(cancel);
  form.appendChild(title);
  form.appendChild(field);
  form.appendChild(buttons);
  dialog.appendChild(form);
  place.insertAdjacentElement("afterend", dialog);
  var current = null;
  dialog.addEventListener("close", function () {
    var tab = current && yasgui.getTab(current);
    var name = input.value.trim();
    if (dialog.returnValue === "rename" && tab && name) tab.setName(name);
    var link = current && document.getElementById("tab-" + current);
    current = null;
    if (link) link.focus();
  });
  return function ask(id) {
    var tab = yasgui.getTab(id);
    if (!tab) return;
    current = id;
    input.value = tab.getName();
    dialog.returnValue = "";
    dialog.showModal();
    input.select();
  };
}

/* Beside the tabs (in the row setup.js puts them in), the actions for the shown tab. */
export function tabActions(yasgui, container, t) {
  var list = yasgui.tabElements;
  var tabs = list && list._tabsListEl;
  var row = tabs && tabs.parentNode;
  var drawn = list && list._tabs && Object.values(list._tabs)[0];
  if (!row || !drawn) return;
  var ask = renameDialog(yasgui, container, t);
  Object.getPrototypeOf(drawn).startRename = function () {
    ask(this.tabId);
  };
  tabs.addEventListener("keydown", function (event) {
    var link = event.target.closest && event.target.closest('a[role="tab"]');
    if (event.key !== "F2" || !link) return;
    event.preventDefault();
    ask(link.id.replace(/^tab-/, ""));
  });

  var wrap = element("div", "ag-tab-actions");
  var toggle = button(t("Tab-Aktionen", "Tab actions"), "tertiary");
  toggle.setAttribute("aria-expanded", "false");
  toggle.setAttribute("aria-controls", "ag-tab-actions-list");
  var panel = element("div", "ag-tab-actions__list");
  panel.id = "ag-tab-actions-list";
  panel.setAttribute("role", "group");
  panel.hidden = true;
  // The shown tab; none once the last was closed (YASGUI allows it): then only reopening.
  var shown = function () {
    return yasgui.getTab();
  };
  var actions = [
    [t("Umbenennen …", "Rename …"), function () {
      ask(shown().getId());
    }],
    [t("Kopieren", "Copy"), function () {
      var copy = JSON.parse(JSON.stringify(shown().getPersistedJson()));
      copy.id = "ag" + Math.random().toString(36).slice(2, 10);
      yasgui.emit("akteursgraphCopyOf", shown().getId());  // setup.js: whose name it has
      yasgui.addTab(true, copy);
    }],
    [t("Schließen", "Close"), function () {
      shown().close();
    }],
    [t("Andere Tabs schließen", "Close the other tabs"), function () {
      var keep = shown().getId();
      Object.keys(yasgui._tabs).forEach(function (id) {
        if (id !== keep) yasgui.getTab(id).close();
      });
    }],
    [t("Geschlossenen Tab wiederherstellen", "Reopen the closed tab"), function () {
      yasgui.restoreLastTab();
    }],
  ].map(function (action) {
    var el = button(action[0], "secondary");
    el.addEventListener("click", function () {
      close(false);
      action[1]();
      if (document.querySelector("dialog[open]")) return;
      var tab = shown();
      var link = tab && document.getElementById("tab-" + tab.getId());
      (link || toggle).focus();  // no tab left: the actions, which can reopen it
    });
    panel.appendChild(el);
    return el;
  });
  var close = function (refocus) {
    panel.hidden = true;
    toggle.setAttribute("aria-expanded", "false");
    if (refocus) toggle.focus();
  };
  toggle.addEventListener("click", function () {
    if (!panel.hidden) return close(false);
    var tab = shown();
    panel.setAttribute(
      "aria-label",
      tab ? t("Aktionen für den Tab „", "Actions for the tab “") + tab.getName() + t("“", "”") : t("Tab-Aktionen", "Tab actions")
    );
    var count = Object.keys(yasgui._tabs).length;
    actions[0].disabled = actions[1].disabled = !tab;
    actions[2].disabled = !tab || count < 2;  // the last stays: without a tab there is no editor
    actions[3].disabled = !tab || count < 2;
    actions[4].disabled = !(yasgui.persistentConfig && yasgui.persistentConfig.hasLastClosedTab());
    panel.hidden = false;
    toggle.setAttribute("aria-expanded", "true");
  });
  wrap.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !panel.hidden) {
      event.preventDefault();
      close(true);
    }
  });
  ["focusin", "click"].forEach(function (kind) {
    document.addEventListener(kind, function (event) {
      if (!panel.hidden && !wrap.contains(event.target)) close(false);
    });
  });
  wrap.appendChild(toggle);
  wrap.appendChild(panel);
  row.appendChild(wrap);
}
