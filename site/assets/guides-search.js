// The Pagefind search backend (mkdocs.yml: guides: {search: pagefind}); the guides plugin loads this file only then.
// Every page gets a 搜索 button in the header (a link to search/, works without JavaScript too). Where the page has a
// search box (home page, search/), the box becomes Pagefind's UI; Pagefind's index is fetched only when the citizen
// types, and then only the fragments the words need.
(function () {
  "use strict";
  var base = new URL("../", document.currentScript.src); // this file is assets/guides-search.js
  var searchPage = new URL("search/", base).href;
  var bundle = new URL("pagefind/", base);

  function addHeaderButton() {
    var header = document.querySelector(".md-header__inner");
    if (!header || header.querySelector(".guides-search-button")) return;
    var link = document.createElement("a");
    link.className = "md-header__button guides-search-button";
    link.href = searchPage;
    link.textContent = "搜索";
    header.insertBefore(link, header.querySelector(".text-size-toggle"));
  }

  function load(tag, attributes) {
    return new Promise(function (resolve, reject) {
      var element = document.createElement(tag);
      for (var name in attributes) element.setAttribute(name, attributes[name]);
      element.onload = resolve;
      element.onerror = reject;
      document.head.appendChild(element);
    });
  }

  // Pagefind's UI shows excerpts (and meta values) as HTML. Whatever Pagefind escaped or not, each result is made
  // inert here before it is shown: an excerpt keeps its <mark> highlights and is text otherwise; titles lose every
  // HTML special character (their full-width twins read the same, as validator/site/pagefind.py writes filters).
  var FULL_WIDTH = { "<": "＜", ">": "＞", "&": "＆", '"': "＂", "'": "＇", "`": "｀" };
  function inertText(value) {
    return String(value == null ? "" : value).replace(/[<>&"'`]/g, function (c) { return FULL_WIDTH[c]; });
  }
  function asText(html) {
    var template = document.createElement("template"); // parsed inert: nothing in it loads or runs
    template.innerHTML = html;
    return template.content.textContent;
  }
  function escapeText(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }
  function inertExcerpt(html) {
    return String(html == null ? "" : html).split(/<\/?mark>/).map(function (part, index) {
      var text = escapeText(asText(part));
      return index % 2 ? "<mark>" + text + "</mark>" : text;
    }).join("");
  }
  function inertResult(result) {
    result.excerpt = inertExcerpt(result.excerpt);
    for (var key in result.meta || {}) {
      if (key !== "url" && key !== "image") result.meta[key] = inertText(result.meta[key]);
    }
    (result.sub_results || []).forEach(function (sub) {
      sub.title = inertText(sub.title);
      sub.excerpt = inertExcerpt(sub.excerpt);
    });
    return result;
  }

  // Pagefind's UI shows the filters its first search counted, and that search counts only the filter files loaded by
  // then: on search/?q=… one filter (事项类型 or 部门) was missing now and then, until the next search. The filters
  // are loaded first: before the search a link asks for, and when the citizen enters the box. The UI imports the same
  // module (one instance per address), so it finds them loaded.
  var filtersLoaded = null;
  function loadFilters() {
    filtersLoaded = filtersLoaded || import(new URL("pagefind.js", bundle).href).then(function (pagefind) {
      return pagefind.options({ basePath: bundle.pathname, baseUrl: base.pathname }).then(pagefind.filters);
    }).then(null, function () {}); // not loaded: the UI says so when it searches
    return filtersLoaded;
  }

  function mount(box) {
    var typed = new URLSearchParams(location.search).get("q") || "";
    load("link", { rel: "stylesheet", href: new URL("pagefind-ui.css", bundle).href });
    load("script", { src: new URL("pagefind-ui.js", bundle).href }).then(function () {
      box.textContent = "";
      var ui = new window.PagefindUI({
        element: box, bundlePath: bundle.pathname, baseUrl: base.pathname, showSubResults: true, showImages: false, resetStyles: false, processResult: inertResult,
        translations: { placeholder: "输入要办的事，例如：身份证、营业执照" }
      });
      var input = box.querySelector("input");
      if (input) {
        input.setAttribute("aria-label", "搜索办事指南");
        input.addEventListener("focus", loadFilters, { once: true });
      }
      if (typed) loadFilters().then(function () { ui.triggerSearch(typed); });
    }, function () {
      box.insertAdjacentHTML("beforeend", "<p>搜索暂时无法使用，请按主题或按部门查找。</p>");
    });
  }

  // "/" or "s" opens search, as with material's built-in search.
  function shortcut(event) {
    if (event.key !== "/" && event.key !== "s") return;
    var target = event.target;
    if (event.ctrlKey || event.metaKey || event.altKey || (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)))) return;
    event.preventDefault();
    var input = document.querySelector("[data-guides-search] input");
    if (input) input.focus(); else location.href = searchPage;
  }

  addHeaderButton();
  document.addEventListener("keydown", shortcut);
  var box = document.querySelector("[data-guides-search]");
  if (box) mount(box);
})();
