/* "Save this course for offline" on the course page of an enrolled trainee (docs/learning.md,
   "Offline"). Plain JavaScript, no build step; the panel stays hidden without it. Asks the
   server what the course holds (its pages, their pictures at phone size, the sizes and a
   version of each page), downloads it into Cache Storage with a progress bar, where the
   site's service worker (/sw.js) finds it without a connection; then refreshes only the
   pages whose version changed, and removes it all on request. Videos are saved one by one. */
"use strict";
(() => {
  const box = document.getElementById("offline-save");
  const trainee = document.querySelector("script[data-reader]");
  if (!box || !trainee || !("serviceWorker" in navigator) || !window.caches) return;
  const d = box.dataset;
  const reader = trainee.dataset.reader;
  const key = `eagle-saved:${reader}:${d.list}`;
  const cacheName = `eagle-u-course:${d.list}`; // forgotten at log-out with every page kept
  const $ = (selector) => box.querySelector(selector);
  const state = $("[data-state]");
  const saveButton = $("[data-save]");
  const removeButton = $("[data-remove]");
  const bar = $("[data-progress]");
  const say = (text, values) => text.replace(/\{(\w+)\}/g, (_, name) => values[name]);
  const size = (bytes) =>
    bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1048576).toFixed(1)} MB`;
  const pageBytes = (page) => page.bytes + page.images.reduce((sum, image) => sum + image.bytes, 0);
  const saved = () => JSON.parse(localStorage.getItem(key) || "null");
  const keep = (kept) => localStorage.setItem(key, JSON.stringify(kept));
  let listing = null;

  const changed = (kept) =>
    listing ? listing.pages.filter((page) => !kept || kept.pages[page.url]?.version !== page.version) : [];

  function render() {
    const kept = saved();
    box.hidden = !kept && !listing;
    removeButton.hidden = !kept;
    if (kept) {
      const bytes = Object.values(kept.pages).reduce((sum, page) => sum + page.bytes, 0);
      state.textContent = say(d.saySaved, { pages: Object.keys(kept.pages).length, size: size(bytes) });
    }
    const todo = changed(kept);
    const bytes = todo.reduce((sum, page) => sum + pageBytes(page), 0);
    saveButton.hidden = !todo.length;
    saveButton.textContent = kept
      ? say(d.sayChanged, { count: todo.length, size: size(bytes) })
      : say(d.saySave, { size: size(bytes) });
    const videos = $("[data-videos]");
    const list = videos.querySelector("ul");
    list.replaceChildren();
    videos.hidden = !listing?.videos.length;
    for (const video of listing?.videos || []) {
      const item = document.createElement("li");
      const button = document.createElement("button");
      const done = kept?.videos?.[video.url];
      button.type = "button";
      button.className = "secondary";
      button.textContent = say(done ? d.sayVideoSaved : d.sayVideo, { size: size(video.bytes) });
      button.disabled = Boolean(done);
      button.setAttribute("aria-label", `${video.label}: ${button.textContent}`);
      button.addEventListener("click", () => saveVideo(video, button));
      item.append(`${video.label} `, button);
      list.append(item);
    }
  }

  async function download(cache, url) {
    const response = await fetch(url, { credentials: "same-origin" });
    if (!response.ok) throw new Error(`${url}: ${response.status}`);
    const bytes = (await response.clone().blob()).size;
    await cache.put(url, response);
    return bytes;
  }

  async function save() {
    const kept = saved() || { pages: {}, videos: {} };
    const todo = changed(kept);
    const total = todo.reduce((sum, page) => sum + pageBytes(page), 0) || 1;
    const progress = bar.querySelector("progress");
    let done = 0;
    bar.hidden = false;
    saveButton.disabled = true;
    progress.value = 0;
    const cache = await caches.open(cacheName);
    try {
      for (const page of todo) {
        let bytes = await download(cache, page.url);
        for (const image of page.images) bytes += await download(cache, image.url);
        kept.pages[page.url] = { version: page.version, bytes };
        keep(kept);
        done += pageBytes(page);
        progress.value = Math.round((100 * done) / total);
      }
      // A lesson taken out of the course since it was saved goes from the phone too.
      const listed = new Set(listing.pages.map((page) => page.url));
      for (const url of Object.keys(kept.pages)) {
        if (listed.has(url)) continue;
        await cache.delete(url);
        delete kept.pages[url];
      }
      kept.version = listing.version;
      keep(kept);
    } catch (error) {
      bar.hidden = true;
      saveButton.disabled = false;
      render();
      state.textContent = d.sayFailed;
      return;
    }
    bar.hidden = true;
    saveButton.disabled = false;
    render();
  }

  async function saveVideo(video, button) {
    button.disabled = true;
    try {
      const bytes = await download(await caches.open(cacheName), video.url);
      const kept = saved() || { pages: {}, videos: {} };
      kept.videos = { ...kept.videos, [video.url]: bytes };
      keep(kept);
    } catch (error) {
      state.textContent = d.sayFailed;
    }
    render();
  }

  saveButton.addEventListener("click", save);
  removeButton.addEventListener("click", async () => {
    await caches.delete(cacheName);
    localStorage.removeItem(key);
    render();
    state.textContent = d.sayRemoved;
  });
  // What the course holds now; asked again a few times on a weak connection.
  const ask = (tries) =>
    fetch(d.list, { credentials: "same-origin" })
      .then((response) => (response.ok ? response.json() : Promise.reject(response.status)))
      .then((found) => {
        listing = found;
        render();
      })
      .catch(() => tries > 1 && setTimeout(() => ask(tries - 1), 2000));
  render();
  if (navigator.onLine) ask(3);
})();
