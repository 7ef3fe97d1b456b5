/* Learning offline on a trainee's pages: what it does and why is in docs/learning.md,
   "Offline". Kept short: every byte is on a lesson's first load. */
"use strict";
(() => {
  const me = document.currentScript.dataset;
  const sw = navigator.serviceWorker;
  if (!sw || !window.caches) return;
  const forget = async () => {
    for (const name of await caches.keys()) if (name.startsWith("eagle-u-")) await caches.delete(name);
  };
  let forgotten;
  if (localStorage.getItem("eagle-reader") !== me.reader) {
    forgotten = forget();
    localStorage.setItem("eagle-reader", me.reader);
  }
  const tell = async (message) => (await sw.ready).active.postMessage({ reader: me.reader, ...message });

  // What waits on this phone, and what the server answered to what was sent.
  let box;
  const answered = new Map();
  sw.addEventListener("message", ({ data }) => {
    const all = data.items || [];
    if (!box) {
      box = document.createElement("section");
      box.className = "offline-queue";
      box.setAttribute("role", "status");
      document.getElementById("main").prepend(box);
    }
    box.replaceChildren();
    const list = (title, rows) => {
      if (!rows.length) return;
      const ul = document.createElement("ul");
      for (const text of rows) ul.append(Object.assign(document.createElement("li"), { textContent: text }));
      box.append(Object.assign(document.createElement("p"), { textContent: title }), ul);
    };
    const word = (i) => me[i.body.kind === "done" ? "sayDone" : "sayQuiz"].replace("{title}", i.body.title);
    list(me.sayWaiting, all.filter((i) => !i.said).map(word));
    const said = all.filter((i) => i.said);
    // Answers stay in sight on this page.
    for (const i of said) answered.set(i.id, i.said);
    list(me.saySent, [...answered.values()]);
    if (answered.size) {
      // Drawn before they were sent: again, it shows them.
      const again = Object.assign(document.createElement("button"), { type: "button", className: "secondary", textContent: me.sayRefresh });
      again.addEventListener("click", () => location.reload());
      box.append(again);
    }
    box.hidden = !all.length && !answered.size;
    // Said once the page has been in sight a while (a page left at once says it again).
    if (said.length) setTimeout(() => tell({ drop: said.map((i) => i.id) }), 3000);
  });

  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (/logout/.test(form.action)) {
      event.preventDefault();
      forget().then(() => form.submit());
      return;
    }
    const kind = form.dataset.offline;
    if (navigator.onLine || !kind || !sw.controller || !document.querySelector("[data-enrolled]")) return;
    // Made without a connection: kept on the phone, sent when it returns.
    event.preventDefault();
    const data = new FormData(form);
    const answers = [];
    for (let n = 0; form.querySelector(`[name=q${n}]`); n++) answers.push(data.getAll(`q${n}`).map(Number));
    const missing = answers.findIndex((a) => !a.length);
    if (missing >= 0) return form.querySelector(`[name=q${missing}]`).focus();
    const { lesson, title, quiz, sayKept } = form.dataset;
    const body = { id: crypto.randomUUID(), reader: me.reader, kind, lesson: +lesson, title, made: new Date().toISOString() };
    if (quiz) Object.assign(body, { answers, quiz });
    tell({ put: { id: body.id, body, send: me.send, csrf: me.csrf } });
    form.querySelector("[type=submit]").disabled = true;
    form.append(Object.assign(document.createElement("p"), { className: "result-ok", textContent: sayKept }));
    sw.ready.then((worker) => worker.sync?.register("eagle-progress")).catch(() => {});
  });

  sw.register(me.sw, { scope: "/" });
  const sendNow = () => tell(navigator.onLine ? { send: me.reader, csrf: me.csrf } : { list: me.reader });
  addEventListener("online", sendNow);
  sendNow();
  // The offline page (nobody's: kept apart, it stays after log-out); this page, opened
  // before the worker could keep it.
  if (navigator.onLine) {
    caches.open("eagle-offline").then(async (c) => (await c.match(me.offline)) || c.add(me.offline));
    if (me.keep !== undefined && !sw.controller)
      Promise.resolve(forgotten).then(() => caches.open("eagle-u-pages")).then((c) => c.add(location.pathname));
  }
})();
