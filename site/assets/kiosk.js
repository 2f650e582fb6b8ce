// 触摸屏查询 (kiosk mode): builds kiosk/ from kiosk/kiosk.json, and on every page of a kiosk session shows a big
// 返回首页 button and returns to the start after a period without touch, announced first with a 30 s countdown.
// Every value goes in with textContent: a guide's name can never become markup.
(function () {
  "use strict";
  var FLAG = "guides.kiosk", IDLE = "guides.kioskIdle", WARN = 30;
  var frame = document.querySelector(".kiosk");

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function session(start) {
    // The start page's address, the idle seconds; kept for the session so guide pages know they are in a kiosk.
    try {
      if (start) sessionStorage.setItem(FLAG, start.href);
      return sessionStorage.getItem(FLAG);
    } catch (e) { return start ? start.href : null; }
  }

  function idleSeconds() {
    var asked = parseInt(new URLSearchParams(location.search).get("idle") || "", 10);
    try {
      if (asked > 0) sessionStorage.setItem(IDLE, String(asked));
      return parseInt(sessionStorage.getItem(IDLE) || "", 10) || null;
    } catch (e) { return asked > 0 ? asked : null; }
  }

  function watch(home, seconds) {
    document.documentElement.classList.add("kiosk-mode");
    var back = el("a", "kiosk-home", "返回首页");
    back.href = home;
    document.body.appendChild(back);
    var notice = el("div", "kiosk-notice");
    notice.setAttribute("role", "alertdialog");
    notice.setAttribute("aria-live", "assertive");
    var text = el("p", "kiosk-notice__text");
    var stay = el("button", "kiosk-button kiosk-notice__stay", "继续使用");
    notice.appendChild(text);
    notice.appendChild(stay);
    notice.hidden = true;
    document.body.appendChild(notice);
    var timer = null, countdown = null, left = 0;
    function reset() {
      notice.hidden = true;
      clearTimeout(timer);
      clearInterval(countdown);
      timer = setTimeout(warn, Math.max(seconds - WARN, 1) * 1000);
    }
    function warn() {
      left = Math.min(WARN, seconds);
      notice.hidden = false;
      text.textContent = "长时间没有操作，" + left + " 秒后返回首页。需要继续看，请点“继续使用”。";
      countdown = setInterval(function () {
        left -= 1;
        if (left <= 0) { clearInterval(countdown); location.href = home; return; }
        text.textContent = "长时间没有操作，" + left + " 秒后返回首页。需要继续看，请点“继续使用”。";
      }, 1000);
    }
    ["pointerdown", "keydown", "scroll", "wheel", "touchstart"].forEach(function (name) {
      document.addEventListener(name, reset, { passive: true, capture: true });
    });
    reset();
  }

  function button(label, action, extra) {
    var b = el("button", "kiosk-button" + (extra ? " " + extra : ""), label);
    b.type = "button";
    b.addEventListener("click", action);
    return b;
  }

  function build(data) {
    var state = { letters: "" };
    frame.hidden = false;
    function screen(title, back) {
      frame.textContent = "";
      var head = el("div", "kiosk-head");
      if (back) head.appendChild(button("‹ 返回", back, "kiosk-back"));
      head.appendChild(el("h1", "kiosk-title", title));
      frame.appendChild(head);
      var body = el("div", "kiosk-body");
      frame.appendChild(body);
      return body;
    }
    function items(list) {
      var grid = el("div", "kiosk-grid kiosk-grid--items");
      list.forEach(function (g) {
        var a = el("a", "kiosk-button kiosk-item", g.name);
        if (/^\.\.\/guides\/[^:]*$/.test(g.url)) a.href = g.url;  // only a guide page of this site, never javascript:
        grid.appendChild(a);
      });
      if (!list.length) grid.appendChild(el("p", "kiosk-empty", "没有找到事项。"));
      return grid;
    }
    function start() {
      var body = screen(data.site + " · 触摸屏查询");
      body.appendChild(el("p", "kiosk-lead", "请点一下您要办的事"));
      var grid = el("div", "kiosk-grid kiosk-grid--start");
      grid.appendChild(button("按主题找", themes, "kiosk-start"));
      grid.appendChild(button("按部门找", departments, "kiosk-start"));
      grid.appendChild(button("拼音首字母查找", keypad, "kiosk-start"));
      body.appendChild(grid);
    }
    function themes() {
      var body = screen("按主题找", start);
      var grid = el("div", "kiosk-grid");
      data.themes.forEach(function (t) {
        grid.appendChild(button(t, function () {
          screen(t, themes).appendChild(items(data.guides.filter(function (g) { return g.themes.indexOf(t) >= 0; })));
        }));
      });
      body.appendChild(grid);
    }
    function departments() {
      var body = screen("按部门找", start);
      var grid = el("div", "kiosk-grid");
      data.departments.forEach(function (d) {
        grid.appendChild(button(d.name, function () {
          screen(d.name, departments).appendChild(items(data.guides.filter(function (g) { return g.department === d.id; })));
        }));
      });
      body.appendChild(grid);
    }
    function keypad() {
      var body = screen("拼音首字母查找", start);
      body.appendChild(el("p", "kiosk-lead", "依次点事项名称每个字拼音的第一个字母，例如“身份证”点 S F Z"));
      var typed = el("output", "kiosk-typed");
      body.appendChild(typed);
      var keys = el("div", "kiosk-keys");
      var found = el("div", "kiosk-found");
      function update() {
        typed.textContent = state.letters || "（还没有输入）";
        found.textContent = "";
        if (!state.letters) return;
        found.appendChild(items(data.guides.filter(function (g) {
          return g.initials.some(function (i) { return i.indexOf(state.letters) >= 0; });
        })));
      }
      "ABCDEFGHJKLMNOPQRSTWXYZ".split("").forEach(function (letter) {
        keys.appendChild(button(letter, function () { state.letters += letter; update(); }, "kiosk-key"));
      });
      keys.appendChild(button("删除", function () { state.letters = state.letters.slice(0, -1); update(); }, "kiosk-key kiosk-key--wide"));
      keys.appendChild(button("清空", function () { state.letters = ""; update(); }, "kiosk-key kiosk-key--wide"));
      body.appendChild(keys);
      body.appendChild(found);
      update();
    }
    start();
  }

  if (frame) {
    session(location);
    fetch(frame.getAttribute("data-kiosk")).then(function (r) { return r.json(); }).then(function (data) {
      build(data);
      watch(location.pathname, idleSeconds() || data.idle);
    });
  } else {
    var home = session();
    if (home) watch(home, idleSeconds() || 180);
  }
})();
