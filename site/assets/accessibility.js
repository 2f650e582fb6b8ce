// 适老化 and accessibility helpers for every page (no framework, no build step).
(function () {
  "use strict";
  var KEY = "guides.largeText";
  var root = document.documentElement;

  function stored() {
    try { return localStorage.getItem(KEY) === "1"; } catch (e) { return false; }
  }

  function apply(on) {
    root.classList.toggle("large-text", on);
    var button = document.querySelector(".text-size-toggle");
    if (button) {
      button.setAttribute("aria-pressed", on ? "true" : "false");
      button.title = on ? "恢复标准字号" : "放大字号";
    }
  }

  // A button in the header: one press makes all text larger, and the choice is remembered.
  function addToggle() {
    var header = document.querySelector(".md-header__inner");
    if (!header || document.querySelector(".text-size-toggle")) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "md-header__button text-size-toggle";
    button.setAttribute("aria-label", "大字模式");
    button.textContent = "大字";
    button.addEventListener("click", function () {
      var on = !root.classList.contains("large-text");
      try { localStorage.setItem(KEY, on ? "1" : "0"); } catch (e) { /* private mode: still works for this page */ }
      apply(on);
    });
    var search = header.querySelector("label[for='__search']");
    header.insertBefore(button, search || null);
  }

  // Material's search overlay is a dialog without a name; screen readers announce it as 搜索.
  function nameSearchDialog() {
    var dialog = document.querySelector(".md-search[role='dialog']");
    if (dialog && !dialog.hasAttribute("aria-label")) dialog.setAttribute("aria-label", "搜索");
  }

  // Wide tables scroll sideways inside a wrapper; keyboard users need to reach it to scroll it.
  function focusableScrollRegions() {
    var wrappers = document.querySelectorAll(".md-typeset__scrollwrap:not([tabindex])");
    for (var i = 0; i < wrappers.length; i++) {
      wrappers[i].tabIndex = 0;
      wrappers[i].setAttribute("role", "region");
      wrappers[i].setAttribute("aria-label", "表格 " + (i + 1) + "（可左右滚动）");
    }
  }

  addToggle();
  nameSearchDialog();
  apply(stored());
  // Material wraps tables once the page is set up; `document$` is its page-ready signal.
  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(focusableScrollRegions);
  } else {
    document.addEventListener("DOMContentLoaded", focusableScrollRegions);
  }
})();
