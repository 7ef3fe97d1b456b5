/* The certificate check on this phone (docs/learning.md, "Certificates checked offline").

   A certificate's QR code opens /certificates/verify/<code>/#<payload>.<signature>: a
   statement signed with Ed25519 (trainees/certificate_signing.py). With a connection this
   script keeps the programme's public keys and its signed revocation list (localStorage),
   keeps the offline check page, its style sheet and this script (Cache Storage) and
   registers the check's service worker; with or without one, it verifies the statement
   in the browser (WebCrypto) and says what it found. Plain JavaScript, no build step;
   without it the page is the server's check alone. */
(() => {
  "use strict";

  const section = document.getElementById("signed-check");
  if (!section) return;
  const data = section.dataset;
  const KEYS = "eagle.certificate-check.keys";
  const LIST = "eagle.certificate-check.revocations";
  // As in the service worker (certificate_service_worker.js).
  const CACHE = "eagle-certificate-check-1";
  const LAST_SHELL = "/certificates/verify/offline/?last";
  const ASK_MS = 8000;

  class Unsupported extends Error {}

  function fromBase64url(text) {
    if (typeof text !== "string" || !/^[A-Za-z0-9_-]*$/.test(text)) {
      throw new Error("not base64url");
    }
    const padded = text.replace(/-/g, "+").replace(/_/g, "/");
    const binary = atob(padded.padEnd(Math.ceil(padded.length / 4) * 4, "="));
    return Uint8Array.from(binary, (character) => character.charCodeAt(0));
  }

  // "yes", "bad" (not signed by that key) or "unknown-key"; Unsupported without Ed25519.
  async function signedBy(keys, keyId, signature, message) {
    const known = Array.isArray(keys) && keys.find((key) => key && key.id === keyId);
    if (!known) return "unknown-key";
    let key;
    try {
      key = await crypto.subtle.importKey(
        "raw",
        fromBase64url(known.ed25519),
        { name: "Ed25519" },
        false,
        ["verify"],
      );
    } catch (error) {
      if (error.name === "NotSupportedError") throw new Unsupported();
      return "bad";
    }
    const good = await crypto.subtle.verify({ name: "Ed25519" }, key, signature, message);
    return good ? "yes" : "bad";
  }

  async function listSigned(keys, list) {
    if (
      !list ||
      typeof list.key_id !== "string" ||
      typeof list.made_at !== "string" ||
      !Array.isArray(list.revoked)
    ) {
      return false;
    }
    const lines = ["eagle-revocations/1", list.key_id, list.made_at, ...list.revoked];
    try {
      const signature = fromBase64url(list.signature);
      const message = new TextEncoder().encode(lines.join("\n"));
      return (await signedBy(keys, list.key_id, signature, message)) === "yes";
    } catch (error) {
      if (error instanceof Unsupported) throw error;
      return false;
    }
  }

  async function ask(url) {
    const response = await fetch(url, { credentials: "omit", signal: AbortSignal.timeout(ASK_MS) });
    if (!response.ok) throw new Error(`${url} answered ${response.status}`);
    return response.json();
  }

  function kept(name) {
    try {
      return JSON.parse(localStorage.getItem(name));
    } catch {
      return null;
    }
  }

  // With a connection: the programme's keys and its newest revocation list, kept.
  async function refresh() {
    const [published, list] = await Promise.all([ask(data.keys), ask(data.revocations)]);
    if (!(await listSigned(published.keys, list))) throw new Error("revocation list not signed");
    try {
      localStorage.setItem(KEYS, JSON.stringify(published.keys));
      localStorage.setItem(LIST, JSON.stringify(list));
    } catch {
      // No room, or storage refused: this visit still checks with what it fetched.
    }
    return { keys: published.keys, list };
  }

  // The statement after the "#": {verdict, statement}.
  async function check(fragment, keys, list, fresh) {
    let message;
    let signature;
    let lines;
    try {
      const parts = fragment.split(".");
      if (parts.length !== 2) return { verdict: "forged" };
      message = fromBase64url(parts[0]);
      signature = fromBase64url(parts[1]);
      lines = new TextDecoder("utf-8", { fatal: true }).decode(message).split("\n");
    } catch {
      return { verdict: "forged" };
    }
    if (
      lines.length !== 6 ||
      lines[0] !== "1" ||
      signature.length !== 64 ||
      !/^[0-9]{8}$/.test(lines[3])
    ) {
      return { verdict: "forged" };
    }
    const [, keyId, number, issued, holder, course] = lines;
    const signed = await signedBy(keys, keyId, signature, message);
    // Keys just fetched are all the programme has; kept ones may predate a new key.
    if (signed === "unknown-key") return { verdict: fresh ? "forged" : "unknown-key" };
    if (signed !== "yes") return { verdict: "forged" };
    const day = `${issued.slice(0, 4)}-${issued.slice(4, 6)}-${issued.slice(6)}`;
    const statement = { number, holder, course, issued: day };
    if (data.number && data.number !== number) return { verdict: "other", statement };
    return { verdict: list.revoked.includes(number) ? "revoked" : "valid", statement };
  }

  function say(verdict, { statement, list } = {}) {
    const name = `say-${verdict}`.replace(/-(\w)/g, (_, letter) => letter.toUpperCase());
    const line = section.querySelector("[data-verdict]");
    line.textContent = data[name]
      .replace("{date}", list ? list.made_at.slice(0, 10) : "")
      .replace("{number}", statement ? statement.number : "");
    const judged = ["valid", "revoked", "forged", "other", "unknown-key"].includes(verdict);
    line.classList.toggle("result-ok", verdict === "valid");
    line.classList.toggle("result-bad", judged && verdict !== "valid");
    const facts = section.querySelector("[data-facts]");
    if (facts && statement && (verdict === "valid" || verdict === "revoked")) {
      for (const fact of facts.querySelectorAll("[data-fact]")) {
        fact.textContent = statement[fact.dataset.fact];
      }
      facts.hidden = false;
    }
    section.hidden = false;
  }

  // A language link keeps the statement, so that the check follows the reader.
  function carry(fragment) {
    for (const link of document.querySelectorAll(".languages a[href]")) link.hash = fragment;
    for (const next of document.querySelectorAll('.languages input[name="next"]')) {
      next.value = `${next.value.split("#")[0]}#${fragment}`;
    }
  }

  function activated(registration) {
    const worker = registration.installing || registration.waiting || registration.active;
    return new Promise((resolve) => {
      if (!worker || worker.state === "activated") {
        resolve();
        return;
      }
      worker.addEventListener("statechange", () => {
        if (worker.state === "activated") resolve();
      });
    });
  }

  // The offline check page in this page's language, what it loads, and the workers that
  // show it when there is no connection.
  async function keepForOffline() {
    if (!("serviceWorker" in navigator) || !("caches" in window)) return false;
    const cache = await caches.open(CACHE);
    const assets = [
      ...document.querySelectorAll('link[rel="stylesheet"], link[rel="icon"], script[src]'),
    ].map((element) => element.href || element.src);
    await cache.addAll(assets);
    const shell = await fetch(data.shell, { credentials: "omit" });
    if (!shell.ok) return false;
    await cache.put(data.shell, shell.clone());
    await cache.put(LAST_SHELL, shell);
    const registrations = await Promise.all(
      data.workers.split(" ").map((url) =>
        navigator.serviceWorker.register(url, { scope: url.slice(0, url.lastIndexOf("/") + 1) }),
      ),
    );
    await Promise.all(registrations.map(activated));
    return true;
  }

  async function main() {
    const fragment = location.hash.slice(1);
    if (fragment) carry(fragment);
    if (!window.isSecureContext || !window.crypto || !crypto.subtle) {
      if (fragment) say("unsupported");
      return;
    }
    let fresh = null;
    try {
      fresh = await refresh();
    } catch {
      // No connection, or the server is away: check with what this phone kept.
    }
    if (fragment) {
      try {
        const keys = fresh ? fresh.keys : kept(KEYS);
        const list = fresh ? fresh.list : kept(LIST);
        if (!keys || !(await listSigned(keys, list))) {
          say("no-keys");
        } else {
          const result = await check(fragment, keys, list, Boolean(fresh));
          say(result.verdict, { ...result, list });
        }
      } catch {
        say("unsupported");
      }
    } else if (!data.number) {
      say("no-statement");
    }
    if (fresh) {
      try {
        // The offline page says so in its own words; a certificate's page tells it here.
        const saved = await keepForOffline();
        if (saved && data.number) document.getElementById("offline-ready").hidden = false;
      } catch {
        // Not kept for offline this time; the check itself is done.
      }
    }
  }

  main();
})();
