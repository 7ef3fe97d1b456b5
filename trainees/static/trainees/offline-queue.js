/* The queue of progress made offline (docs/learning.md, "Offline"), in the site's service
   worker (imported by /sw.js): "Mark as done" and quiz answers kept in IndexedDB, each with
   the id the phone made, sent one at a time (Background Sync, or when a page asks), and the
   server's answers kept for a page to show. Pages talk to it with messages
   (trainees/offline.js). Plain JavaScript. */
"use strict";
(() => {
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
  const items = async (reader) => (await store("readonly", (s) => s.getAll())).filter((i) => i.body.reader === reader);
  const put = (item) => store("readwrite", (s) => s.put(item));
  const drop = (id) => store("readwrite", (s) => s.delete(id));

  // The reader's waiting items, oldest first; true once none is left to send. The server
  // records an item once, however often it comes; one sender at a time all the same.
  async function sendAll(reader, csrf) {
    const waiting = (await items(reader)).filter((i) => !i.said);
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
        return false; // no connection yet, or not our server's answer: sent later
      }
      if (response.status !== 200 && response.status !== 400) return false;
      item.said = answer.message;
      await put(item);
    }
    return true;
  }
  const send = (reader, csrf) =>
    navigator.locks ? navigator.locks.request("eagle-progress", () => sendAll(reader, csrf)) : sendAll(reader, csrf);

  // A page's message: {put: item}, {send: reader, csrf}, {list: reader} or {drop: [ids]};
  // the answer is the reader's items.
  self.addEventListener("message", (event) => {
    const asked = event.data || {};
    const reader = asked.put?.body.reader || asked.send || asked.list || asked.reader;
    event.waitUntil(
      (async () => {
        if (asked.put) await put(asked.put);
        for (const id of asked.drop || []) await drop(id);
        if (asked.send) await send(asked.send, asked.csrf);
        event.source.postMessage({ items: await items(reader) });
      })(),
    );
  });
  self.eagleQueue = { items, send };
})();
