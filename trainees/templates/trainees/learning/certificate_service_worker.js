/* The certificate check's service worker (docs/learning.md, "Certificates checked offline").
   Scope: /certificates/verify/ (and /bo/..., /en/... for those languages' pages), nothing
   else of the site. The verification page's script (trainees/static/trainees/
   certificate-check.js) fills the cache; this worker only answers from it when the
   network does not: a page asked for is the offline check, which reads the statement
   after the "#" of the address. Plain JavaScript, no build step. */
"use strict";

const CACHE = "eagle-certificate-check-1";
// The offline check in the language last used for a check, whatever the address's prefix.
const LAST_SHELL = "/certificates/verify/offline/?last";
// A connection so weak that nothing comes within this long is treated as none.
const NETWORK_WAIT_MS = 8000;

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

function fromNetwork(request, waitMs) {
  return new Promise((resolve, reject) => {
    const timer = waitMs ? setTimeout(() => reject(new Error("no answer")), waitMs) : null;
    fetch(request).then(
      (response) => {
        clearTimeout(timer);
        resolve(response);
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

async function offlineCheck(unanswered) {
  const cache = await caches.open(CACHE);
  const scope = new URL(self.registration.scope).pathname;
  // A language's own scope (/bo/certificates/verify/) prefers its own language's page.
  const own = scope + "offline/";
  const tries = scope === "/certificates/verify/" ? [LAST_SHELL, own] : [own, LAST_SHELL];
  for (const key of tries) {
    const page = await cache.match(key);
    if (page) return page;
  }
  return unanswered || Response.error();
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    // A server that cannot answer (5xx) is as good as no connection: check on the phone.
    event.respondWith(
      fromNetwork(request, NETWORK_WAIT_MS).then(
        (response) => (response.status >= 500 ? offlineCheck(response) : response),
        () => offlineCheck(),
      ),
    );
    return;
  }
  // The page's style sheet, script and icon: from the network as without this worker, from
  // the cache when there is none.
  event.respondWith(
    fromNetwork(request).catch(async () => {
      const kept = await (await caches.open(CACHE)).match(request);
      return kept || Response.error();
    }),
  );
});
