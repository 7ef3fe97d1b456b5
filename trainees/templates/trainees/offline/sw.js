{% load static %}/* The site's service worker (docs/learning.md, "Offline"): served at /sw.js, so that its
   scope is the whole site. A trainee's pages that ask for it (`Eagle-Offline: keep`: the
   lessons, the course pages, My learning) are kept as they come, with the pictures they
   show; without a connection they are shown from what is kept (network first), else the
   page saying that nothing is kept, in the page's language. A page of a visitor or of
   another person (`Eagle-Reader`) makes it forget every page kept. Progress made offline
   is sent on Background Sync (the queue: trainees/static/trainees/offline-queue.js). Plain JavaScript. */
"use strict";
importScripts("{% static 'trainees/offline-queue.js' %}");

const PAGES = "eagle-u-pages";
const READER = "eagle-reader"; // whose pages are kept: a cache of its own, kept at log-out
const MEDIA = "{{ media_url|default:'/media/' }}";

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

async function reader(set) {
  const cache = await caches.open(READER);
  if (set === undefined) return (await (await cache.match("/reader"))?.text()) ?? "";
  await cache.put("/reader", new Response(set));
}

async function forget() {
  for (const name of await caches.keys()) if (name.startsWith("eagle-u-")) await caches.delete(name);
}

function withoutSearch(url) {
  const bare = new URL(url);
  bare.hash = "";
  return bare;
}

async function offlinePage(url) {
  const language = /^\/(bo|en)\//.exec(url.pathname);
  const own = (language ? `/${language[1]}` : "") + "/offline/";
  for (const key of [own, "/offline/", "/bo/offline/", "/en/offline/"]) {
    const kept = await caches.match(key);
    if (kept) return kept;
  }
  return Response.error();
}

async function page(request) {
  const url = withoutSearch(request.url);
  let response;
  try {
    response = await fetch(request);
  } catch (error) {
    return (await caches.match(url.href)) || (await caches.match(url.href, { ignoreSearch: true })) || offlinePage(url);
  }
  const whose = response.headers.get("Eagle-Reader") || "";
  if (whose !== (await reader())) {
    await forget();
    await reader(whose);
  }
  if (response.ok && whose && response.headers.get("Eagle-Offline") === "keep" && !response.redirected) {
    await (await caches.open(PAGES)).put(url.href, response.clone());
  }
  return response;
}

// A picture kept is the same file for good (a rendition's name changes with it); another
// copy of the same picture (another width) stands in for it without a connection.
async function picture(request) {
  const kept = await caches.match(request);
  if (kept) return kept;
  try {
    const response = await fetch(request);
    if (response.ok && (await reader())) (await caches.open(PAGES)).put(request, response.clone());
    return response;
  } catch (error) {
    const stem = request.url.split(".width-")[0];
    for (const name of await caches.keys()) {
      if (!name.startsWith("eagle-u-")) continue;
      const cache = await caches.open(name);
      for (const key of await cache.keys()) if (key.url.split(".width-")[0] === stem) return cache.match(key);
    }
    return Response.error();
  }
}

// Style sheets, scripts, icons and saved videos: from the network as without this worker,
// from what is kept when there is none.
async function file(request) {
  try {
    const response = await fetch(request);
    const isStatic = new URL(request.url).pathname.startsWith("{% static '' %}");
    if (response.status === 200 && isStatic && (await reader()))
      (await caches.open(PAGES)).put(request, response.clone());
    return response;
  } catch (error) {
    return (await caches.match(request, { ignoreVary: true })) || Response.error();
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/admin/") || url.pathname.includes("/certificates/")) return;
  if (request.mode === "navigate") event.respondWith(page(request));
  else if (request.destination === "image" && url.pathname.startsWith(MEDIA)) event.respondWith(picture(request));
  else if (request.destination !== "" || url.pathname.startsWith("/videos/")) event.respondWith(file(request));
});

self.addEventListener("sync", (event) => {
  if (event.tag !== "eagle-progress") return;
  event.waitUntil(
    reader()
      .then(async (whose) => {
        const all = await self.eagleQueue.send(whose);
        const items = await self.eagleQueue.items(whose);
        for (const page of await self.clients.matchAll()) page.postMessage({ items });
        if (!all) throw new Error("not all sent: the browser tries again later");
      }),
  );
});
