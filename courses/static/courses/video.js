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
    var source = video && video.querySelector("source");
    if (!smallest || !source || smallest.getAttribute("aria-current")) {
      return;
    }
    source.src = smallest.getAttribute("data-src");
    source.type = smallest.getAttribute("data-type");
    video.load(); // preload="none": nothing is fetched until play
    var fallback = video.querySelector("a");
    if (fallback) {
      fallback.href = source.src;
    }
    figure.querySelectorAll("a[aria-current]").forEach(function (link) {
      link.removeAttribute("aria-current");
    });
    smallest.setAttribute("aria-current", "true");
  });
})();
