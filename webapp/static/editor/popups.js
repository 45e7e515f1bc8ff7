/* YASGUI's share popup and a tab's settings, for keyboard users and phones.
 *
 * Esc closes them and puts the focus back on the button that opened them. YASGUI closes both
 * only with a click elsewhere, so a keyboard user who opened one had to walk through it, or
 * leave it open over the editor (walk of issue 16, item 7; WCAG 2.1.1 and 2.4.3). Esc still
 * belongs first to what lies on top: the dialog that renames a tab, the editor's list of
 * completions and YASGUI's menu of a tab (re-check: Esc closed the settings behind them, and
 * the dialog stayed open).
 *
 * The share popup is 600 px wide and placed to end at its button: on a phone it began 311 px
 * left of the screen, its link field out of sight (WCAG 1.4.10). It is kept on the screen.
 */

var MARGIN = 8;  // px between the popup and the screen's edge

function keepOnScreen(popup) {
  // From YASGUI's own width and place each time: a window made wider again (a phone turned
  // back) gives the popup back its width and its place at its button (re-check: it kept the
  // narrow width until it was closed).
  popup.style.width = "";
  var room = document.documentElement.clientWidth - 2 * MARGIN;
  if (popup.offsetWidth > room) popup.style.width = room + "px";
  var button = popup.parentElement && popup.parentElement.querySelector(".yasqe_share");
  if (button) {
    // YASGUI's own place: ending where its button ends.
    popup.style.left = button.offsetLeft + button.clientWidth - popup.clientWidth + "px";
  }
  var box = popup.getBoundingClientRect();
  var shift = 0;
  if (box.left < MARGIN) shift = MARGIN - box.left;
  else if (box.right > MARGIN + room) shift = MARGIN + room - box.right;
  if (shift) popup.style.left = (parseFloat(popup.style.left) || 0) + shift + "px";
}

export function wirePopups(yasgui) {
  // YASGUI puts the focus in the popup's link field once it has placed the popup; a window
  // made narrower (a phone turned, a page zoomed) moves it again (re-check: it was back at
  // 311 px left of the screen).
  document.addEventListener("focusin", function (event) {
    var popup = event.target.closest && event.target.closest("#yasgui .yasqe_sharePopup");
    if (popup) keepOnScreen(popup);
  });
  window.addEventListener("resize", function () {
    document.querySelectorAll("#yasgui .yasqe_sharePopup").forEach(keepOnScreen);
  });
  // Captured before CodeMirror: the share popup's field keeps the focus, and the editor,
  // had it the focus, would take Esc for its own.
  document.addEventListener(
    "keydown",
    function (event) {
      if (event.key !== "Escape") return;
      if (event.target.closest && event.target.closest("dialog[open]")) return;
      if (document.querySelector(".CodeMirror-hints")) return;
      if (document.querySelector(".yasgui.context-menu")) return;  // YASGUI's tab menu
      // YASGUI adds a popup each time its button is pressed, one on the other.
      var popups = document.querySelectorAll("#yasgui .yasqe_sharePopup");
      var tab = yasgui.getTab();
      var panel = tab && tab.tabPanel;
      var back = null;
      if (popups.length) {
        back = popups[0].parentElement && popups[0].parentElement.querySelector(".yasqe_share");
        popups.forEach(function (popup) {
          popup.remove();  // what YASGUI's own click elsewhere does
        });
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
