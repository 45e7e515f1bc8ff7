/* Esc closes YASGUI's share popup and a tab's settings, and puts the focus back on the button
 * that opened them. YASGUI closes both only with a click elsewhere, so a keyboard user who
 * opened one had to walk through it, or leave it open over the editor (walk of issue 16,
 * item 7; WCAG 2.1.1 and 2.4.3). */

export function closeOnEscape(yasgui) {
  // Captured before CodeMirror: the share popup's field keeps the focus, and the editor,
  // had it the focus, would take Esc for its own.
  document.addEventListener(
    "keydown",
    function (event) {
      if (event.key !== "Escape") return;
      var popup = document.querySelector("#yasgui .yasqe_sharePopup");
      var tab = yasgui.getTab();
      var panel = tab && tab.tabPanel;
      var back = null;
      if (popup) {
        back = popup.parentElement && popup.parentElement.querySelector(".yasqe_share");
        popup.remove();  // what YASGUI's own click elsewhere does
      } else if (panel && panel.isOpen) {
        back = panel.settingsButton;
        panel.close();
      } else {
        return;
      }
      event.preventDefault();
      event.stopPropagation();
      if (back) back.focus();
    },
    true
  );
}
