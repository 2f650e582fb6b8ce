// 情形引导: on a guide with situations, the guide's own questions narrow the page to the reader's case.
// Progressive enhancement: without JavaScript every item shows with its label (「以下情况需要提供：…」);
// the items carry data-when (option names joined by "|"), written by validator/site/guide_page.py.
// The choice lives in the URL (?情形=…&情形=…): shareable, and the back button steps through choices. The print
// sheet prints the chosen case, and its QR code is re-encoded with the choice (assets/vendor/qrcode.js).
// Everything a guide says is set as text (textContent), never as markup.
(function () {
  "use strict";
  var PARAM = "情形";
  // The QR library sits beside this script: its address from ours, whatever the page's depth.
  var QR_LIBRARY = document.currentScript ? document.currentScript.src.replace(/guides-chooser\.js.*$/, "vendor/qrcode.js") : "";

  function ready(fn) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fn);
    else fn();
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  // The print button works on every guide page, with or without situations.
  function printButtons() {
    Array.prototype.forEach.call(document.querySelectorAll(".guide-print"), function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  }

  function chooser(box) {
    var questions = JSON.parse(box.getAttribute("data-situations"));
    var owner = {};  // option name → question index
    questions.forEach(function (q, i) { q.options.forEach(function (o) { owner[o.name] = i; }); });
    var chosen = {};
    var inputs = [];
    var fieldsets = [];

    function read() {
      chosen = {};
      new URLSearchParams(location.search).getAll(PARAM).forEach(function (name) {
        if (Object.prototype.hasOwnProperty.call(owner, name)) chosen[name] = true;
      });
    }

    function answered(index) {
      return questions[index].options.some(function (o) { return chosen[o.name]; });
    }

    // A question is asked unless it is a follow-up whose situations do not apply (depth: follow-ups of follow-ups,
    // bounded so that a cycle, which `guides check` reports as Q004, cannot hang the page).
    function asked(index, depth) {
      var when = questions[index].when;
      return !when.length || depth < questions.length && applies(when, depth + 1);
    }

    // An item applies when one of its situations is chosen, or belongs to a question asked but not yet answered.
    function applies(names, depth) {
      depth = depth || 0;
      return names.some(function (name) {
        if (chosen[name] || !Object.prototype.hasOwnProperty.call(owner, name)) return true;
        var index = owner[name];
        return !answered(index) && asked(index, depth);
      });
    }

    function target(node) {
      if (node.tagName === "LI" || node.tagName === "P" && node.closest(".print-sheet")) return [node];
      var item = node.closest("tr, li");
      if (item) return [item];
      var paragraph = node.closest("p");  // a location: its name paragraph and the list under it
      if (!paragraph) return [];
      var next = paragraph.nextElementSibling;
      return next && next.tagName === "UL" ? [paragraph, next] : [paragraph];
    }

    function apply() {
      var article = box.closest("article") || document;
      questions.forEach(function (q, i) {
        var shown = asked(i, 0);
        fieldsets[i].hidden = !shown;
        if (!shown) q.options.forEach(function (o) { delete chosen[o.name]; });
      });
      inputs.forEach(function (input) { input.checked = !!chosen[input.value]; });
      Array.prototype.forEach.call(article.querySelectorAll("[data-when]"), function (node) {
        if (node.closest(".guide-situations-list")) return;
        var show = applies(node.getAttribute("data-when").split("|"));
        target(node).forEach(function (item) { item.hidden = !show; });
      });
      var names = Object.keys(chosen);
      var count = article.querySelector(".guide-count");
      if (count) {
        var rows = count.nextElementSibling ? count.nextElementSibling.querySelectorAll("tbody tr") : [];
        var needed = Array.prototype.filter.call(rows, function (row) { return !row.hidden; }).length;
        var total = count.getAttribute("data-total");
        count.textContent = names.length ? "按您选择的情况，需要带 " + needed + " 项材料（全部共 " + total + " 项）。" : "共 " + total + " 项。";
      }
      summary.textContent = names.length ? "您选择的情况：" + names.join("、") + "。下面只列出适用于您的材料、条件、流程、收费和时限。" : "还没有选择：下面列出所有情况。";
      var printed = article.querySelector(".print-sheet__case");
      if (printed) {
        printed.hidden = !names.length;
        printed.textContent = "本告知单按以下情况打印：" + names.join("、");
      }
      recode();
    }

    function write() {
      var params = new URLSearchParams(location.search);
      params.delete(PARAM);
      Object.keys(chosen).forEach(function (name) { params.append(PARAM, name); });
      var query = params.toString();
      history.pushState(null, "", location.pathname + (query ? "?" + query : "") + location.hash);
    }

    // The print sheet's QR code carries the choice: re-encoded in the browser when a case is chosen.
    var figure = document.querySelector(".print-sheet__qr");
    var original = figure ? figure.innerHTML : "";
    var library = null;
    function recode() {
      if (!figure) return;
      if (!Object.keys(chosen).length) { figure.innerHTML = original; return; }
      if (!window.qrcode) {
        if (!library) {
          library = document.createElement("script");
          library.src = QR_LIBRARY;
          library.onload = recode;
          document.head.appendChild(library);
        }
        return;
      }
      var url = location.href.split("#")[0];
      var code = window.qrcode(0, "M");
      code.addData(url);
      code.make();
      var svg = new DOMParser().parseFromString(code.createSvgTag(3, 6), "image/svg+xml").documentElement;
      svg.setAttribute("role", "img");
      svg.setAttribute("aria-label", "本页网址二维码（含您选择的情况）");
      var caption = el("figcaption", "", "扫码查看按您的情况列出的本页：" + decodeURI(url));
      figure.replaceChildren(document.importNode(svg, true), caption);
    }

    var form = el("form", "guide-chooser__form");
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    questions.forEach(function (q, i) {
      var set = el("fieldset", "guide-chooser__question");
      set.appendChild(el("legend", "", q.question + (q.multiple ? "（可多选）" : "")));
      if (q.note) set.appendChild(el("p", "guide-chooser__note", q.note));
      q.options.forEach(function (o) {
        var label = el("label", "guide-chooser__option");
        var input = document.createElement("input");
        input.type = q.multiple ? "checkbox" : "radio";
        input.name = "q" + i;
        input.value = o.name;
        input.addEventListener("change", function () {
          if (!q.multiple) q.options.forEach(function (other) { delete chosen[other.name]; });
          if (input.checked) chosen[o.name] = true; else delete chosen[o.name];
          write();
          apply();
        });
        inputs.push(input);
        label.appendChild(input);
        label.appendChild(el("span", "", o.name));
        if (o.note) label.appendChild(el("small", "", o.note));
        set.appendChild(label);
      });
      fieldsets.push(set);
      form.appendChild(set);
    });
    var summary = el("p", "guide-chooser__summary");
    var clear = el("button", "md-button guide-chooser__clear", "清除选择");
    clear.type = "button";
    clear.addEventListener("click", function () { chosen = {}; write(); apply(); });
    box.appendChild(form);
    box.appendChild(summary);
    box.appendChild(clear);
    var list = box.parentNode.querySelector(".guide-situations-list");
    if (list) list.hidden = true;  // the form says the same, and more
    box.hidden = false;
    window.addEventListener("popstate", function () { read(); apply(); });
    read();
    apply();
  }

  ready(function () {
    printButtons();
    var box = document.querySelector(".guide-chooser[data-situations]");
    if (box) chooser(box);
  });
})();
