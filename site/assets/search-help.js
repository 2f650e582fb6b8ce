// Search as citizens type (builtin backend: material's search). Material searches on keyup only, so text that
// arrives without a key — pasted, from an input method (IME) or by voice — found nothing until a key was pressed:
// every `input` and `compositionend` is passed on as a keyup. The home page's box shows results as one types (it
// opens material's search with the same text), and a search without a result says so and offers a way on.
// With the Pagefind backend there is no material search on the page and this script does nothing.
(function () {
  "use strict";

  function ready(fn) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fn);
    else fn();
  }

  function search(input) {
    input.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
  }

  // Links relative to the site's root, from material's own logo link (which points at the home page).
  function home() {
    var logo = document.querySelector("a.md-logo, .md-header__button.md-logo");
    return logo ? logo.getAttribute("href").replace(/\/?$/, "/") : "/";
  }

  function help(results) {
    var box = document.createElement("div");
    box.className = "search-help";
    box.hidden = true;
    var text = document.createElement("p");
    box.appendChild(text);
    var list = document.createElement("ul");
    [["按主题查找", "browse/themes/"], ["按部门查找", "departments/"]].forEach(function (item) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.textContent = item[0];
      a.href = home() + item[1];
      li.appendChild(a);
      list.appendChild(li);
    });
    var call = document.createElement("li");
    var tel = document.createElement("a");
    tel.href = "tel:12345";
    tel.textContent = "12345";
    call.append("拨打 ", tel, " 政务服务便民热线问一问");
    list.appendChild(call);
    box.appendChild(list);
    results.parentNode.insertBefore(box, results.nextSibling);
    return { box: box, text: text };
  }

  ready(function () {
    var input = document.querySelector(".md-search__input");
    var meta = document.querySelector(".md-search-result__meta");
    var results = document.querySelector(".md-search-result__list");
    if (!input || !meta || !results) return;
    ["input", "compositionend"].forEach(function (name) {
      input.addEventListener(name, function (event) {
        if (!event.isComposing) search(input);
      });
    });
    // Under every finished search: no result says so; a weak one (not what the reader meant) has the same way on.
    var shown = help(results);
    new MutationObserver(function () {
      var searched = input.value.trim() && !/键入|初始化/.test(meta.textContent);  // 「键入以开始搜索」 before a query
      shown.box.hidden = !searched;
      shown.text.textContent = results.children.length === 0
        ? "没有找到相关的办事指南。换个说法试试（例如“低保”“换身份证”），或者："
        : "不是您要办的事？换个说法试试，或者：";
    }).observe(meta, { childList: true, characterData: true, subtree: true });

    var home = document.getElementById("home-search-input");
    var toggle = document.getElementById("__search");
    if (home && toggle) {
      var open = function (event) {
        if (event.isComposing || !home.value.trim()) return;
        toggle.checked = true;
        toggle.dispatchEvent(new Event("change", { bubbles: true }));
        input.value = home.value;
        input.focus();
        search(input);
      };
      home.addEventListener("input", open);
      home.addEventListener("compositionend", open);
    }
  });
})();
