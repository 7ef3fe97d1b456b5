// On a connection the browser knows to be slow, a lesson's videos start in their smallest
// copy, unless the reader chose a size (then the server shows that one and this file is not
// loaded). The server does the same for a browser that asks to save data
// (courses/video_choice.py); without JavaScript, the sizes under each video are links.
(function () {
  "use strict";
  var connection = navigator.connection;
  if (!connection || !(connection.saveData || /^(slow-2g|2g|3g)$/.test(connection.effectiveType))) {
    return;
  }
  document.querySelectorAll("figure.video[data-video-automatic]").forEach(function (figure) {
    var smallest = figure.querySelector("a[data-smallest]");
    var video = figure.querySelector("video");
    if (!smallest || !video || !video.querySelector("source") || smallest.getAttribute("aria-current")) {
      return;
    }
    // A new player in its place: chromium fetches the file at once when told to load() a
    // new source, whatever preload says; a new element with preload="none" waits for play.
    var player = video.cloneNode(true);
    var source = player.querySelector("source");
    source.src = smallest.getAttribute("data-src");
    source.type = smallest.getAttribute("data-type");
    var fallback = player.querySelector("a");
    if (fallback) {
      fallback.href = source.src;
    }
    video.replaceWith(player);
    figure.querySelectorAll("a[aria-current]").forEach(function (link) {
      link.removeAttribute("aria-current");
    });
    smallest.setAttribute("aria-current", "true");
  });
})();
