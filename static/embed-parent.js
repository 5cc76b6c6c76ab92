// The host page's half of a responsive embed (the snippet's <script>): each iframe marked
// data-bri-embed is told that its page will size it, and is then as tall as the height the
// view posts ({type: "bri-embed-size", height}), checked to come from that frame's own
// window and the origin of its src. Without this script the frame stays 450 px and the
// view fits itself into it. No library, nothing fetched; loaded twice, it runs once.
(function () {
  "use strict";
  if (window.briEmbedParent) return;
  window.briEmbedParent = true;
  var MIN = 120; // px: no view is shorter; a smaller height is a mistake, not a view
  var MAX = 20000;

  function originOf(frame) {
    try {
      return new URL(frame.getAttribute("src"), document.baseURI).origin;
    } catch (error) {
      return null;
    }
  }

  function greet(frame) {
    var origin = originOf(frame);
    if (!origin || !frame.contentWindow) return;
    // A page opened from disk has the origin "null", which postMessage cannot name.
    frame.contentWindow.postMessage({ type: "bri-embed-parent" }, origin === "null" ? "*" : origin);
  }

  function frameOf(source) {
    var frames = document.querySelectorAll("iframe[data-bri-embed]");
    for (var i = 0; i < frames.length; i += 1) {
      if (frames[i].contentWindow === source) return frames[i];
    }
    return null;
  }

  window.addEventListener("message", function (event) {
    var data = event.data;
    if (!data || typeof data !== "object" || data.type !== "bri-embed-size") return;
    var frame = frameOf(event.source);
    if (!frame || event.origin !== originOf(frame)) return;
    // A view that still fits a fixed frame has not heard from us yet (it loaded first).
    if (data.fit !== "content") return greet(frame);
    var height = Math.round(Number(data.height));
    if (height >= MIN && height <= MAX) frame.style.height = height + "px";
  });

  function watch(frame) {
    if (frame.briEmbedWatched) return;
    frame.briEmbedWatched = true;
    frame.addEventListener("load", function () {
      greet(frame);
    });
    greet(frame);
  }

  function watchAll() {
    Array.prototype.forEach.call(document.querySelectorAll("iframe[data-bri-embed]"), watch);
  }
  watchAll();
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", watchAll);
})();
