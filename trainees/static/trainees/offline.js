/* Learning offline (docs/learning.md, "Offline"). Plain JavaScript, no build step; on a
   trainee's pages only, and nothing changes without it. On a page: registers the site's
   service worker (/sw.js, which keeps the pages opened), keeps "Mark as done" and quiz
   answers made without a connection in IndexedDB and sends them when it returns, says
   what waits, and forgets the kept pages at log-out. The worker imports this file for
   the queue (self.eagleQueue). */
"use strict";
(() => {
  const USER = "eagle-u-"; // every cache of a user's pages starts so (not the certificate check's)
  const open = () =>
    new Promise((ok, fail) => {
      const asked = indexedDB.open("eagle-offline", 1);
      asked.onupgradeneeded = () => asked.result.createObjectStore("queue", { keyPath: "id" });
      asked.onsuccess = () => ok(asked.result);
      asked.onerror = () => fail(asked.error);
    });
  const store = async (mode, work) => {
    const tx = (await open()).transaction("queue", mode);
    const asked = work(tx.objectStore("queue"));
    return new Promise((ok, fail) => {
      tx.oncomplete = () => ok(asked.result);
      tx.onerror = () => fail(tx.error);
    });
  };
  const items = () => store("readonly", (s) => s.getAll());
  const put = (item) => store("readwrite", (s) => s.put(item));
  const drop = (id) => store("readwrite", (s) => s.delete(id));

  // Send the reader's waiting items, oldest first; each answer is kept for a page to show.
  // One sender at a time, pages and worker alike (the server records an item once anyway).
  const send = (reader, csrf) =>
    self.navigator.locks ? navigator.locks.request("eagle-progress", () => sendAll(reader, csrf)) : sendAll(reader, csrf);
  async function sendAll(reader, csrf) {
    const waiting = (await items()).filter((i) => i.body.reader === reader && !i.said);
    waiting.sort((a, b) => (a.body.made < b.body.made ? -1 : 1));
    for (const item of waiting) {
      let response, answer;
      try {
        response = await fetch(item.send, {
          method: "POST",
          credentials: "same-origin",
          headers: { "Content-Type": "application/json", "X-CSRFToken": csrf || item.csrf },
          body: JSON.stringify(item.body),
        });
        answer = await response.json();
      } catch (error) {
        return false; // no connection yet, or not our answer: sent later
      }
      if (response.status !== 200 && response.status !== 400) return false;
      item.said = answer.message;
      await put(item);
    }
    return true;
  }
  self.eagleQueue = { items, put, drop, send };
  if (typeof document === "undefined") return; // in the worker

  const me = document.currentScript.dataset;
  const say = (text, values) => text.replace(/\{(\w+)\}/g, (_, key) => values[key]);
  const forget = async () => {
    for (const name of await caches.keys()) if (name.startsWith(USER)) await caches.delete(name);
  };
  if (localStorage.getItem("eagle-reader") !== me.reader) {
    forget();
    localStorage.setItem("eagle-reader", me.reader);
  }

  // What waits on this phone, and what the server answered to what was sent.
  let box;
  async function show() {
    const all = (await items()).filter((i) => i.body.reader === me.reader);
    if (!box) {
      box = document.createElement("section");
      box.className = "offline-queue";
      box.setAttribute("role", "status");
      document.getElementById("main").prepend(box);
    }
    box.replaceChildren();
    const list = (title, rows) => {
      if (!rows.length) return;
      const heading = document.createElement("p");
      const ul = document.createElement("ul");
      heading.textContent = title;
      for (const text of rows) ul.append(Object.assign(document.createElement("li"), { textContent: text }));
      box.append(heading, ul);
    };
    const waiting = all.filter((i) => !i.said);
    list(me.sayWaiting, waiting.map((i) => say(me[i.body.kind === "done" ? "sayDone" : "sayQuiz"], i.body)));
    list(me.saySent, all.filter((i) => i.said).map((i) => i.said));
    box.hidden = !all.length;
    // Said once the page has been in sight a while (a page left at once says it again).
    setTimeout(() => all.forEach((item) => item.said && drop(item.id)), 3000);
  }
  async function sendNow() {
    if (navigator.onLine) await send(me.reader, me.csrf);
    await show();
  }

  // Made without a connection: kept on the phone, sent when it returns.
  document.addEventListener("submit", async (event) => {
    const form = event.target;
    if (form.action && /logout/.test(form.action)) {
      event.preventDefault();
      await forget();
      form.submit();
      return;
    }
    const kind = form.dataset.offline;
    if (navigator.onLine || !kind || (kind === "quiz" && !document.querySelector("[data-enrolled]"))) return;
    event.preventDefault();
    const data = new FormData(form);
    const answers = [];
    for (let n = 0; form.querySelector(`[name=q${n}]`); n++) answers.push(data.getAll(`q${n}`).map(Number));
    const missing = answers.findIndex((a) => !a.length);
    if (kind === "quiz" && missing >= 0) return form.querySelector(`[name=q${missing}]`).focus();
    const body = { id: crypto.randomUUID(), reader: me.reader, kind, lesson: +form.dataset.lesson,
      title: form.dataset.title, made: new Date().toISOString() };
    if (kind === "quiz") Object.assign(body, { answers, quiz: form.dataset.quiz });
    await put({ id: body.id, body, send: me.send, csrf: me.csrf });
    form.querySelector("button[type=submit]").disabled = true;
    form.append(Object.assign(document.createElement("p"), { className: "result-ok", textContent: form.dataset.sayKept }));
    const worker = await navigator.serviceWorker?.ready;
    worker?.sync?.register("eagle-progress").catch(() => {});
    show();
  });

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register(me.sw, { scope: "/" });
    navigator.serviceWorker.addEventListener("message", show);
    // The page shown offline for a page not kept, in this page's language; and this page,
    // opened before the worker was there to keep it.
    if (navigator.onLine)
      caches.open(USER + "pages").then(async (c) => {
        if (!(await c.match(me.offline))) await c.add(me.offline);
        if (me.keep !== undefined && !navigator.serviceWorker.controller) await c.add(location.pathname);
      });
  }
  addEventListener("online", sendNow);
  sendNow();
})();
