// The exported pages' own script (python -m explainers export), shared by every page: open on
// the page's view, mount the viewer, and give the embed snippet the page's own address.
// It is a file, not an inline script, so the site's Content-Security-Policy can be
// script-src 'self' (deploy/nginx.conf). Each page says its view on #bri-root:
// data-explainer (the payload's id), data-query ("?step=forum", or "") and data-assets.
(function () {
  "use strict";
  var root = document.getElementById("bri-root");
  var query = root.dataset.query;
  // A link that already carries a view (a shared pick, a reload) keeps its own.
  if (!location.search && query) {
    history.replaceState(null, "", location.pathname + query + location.hash);
  }
  window.briViewer.mount(root, window.briPayloads[root.dataset.explainer], {
    assets: root.dataset.assets,
    history: "page",
  });
  // A relative embed address becomes this page's own, wherever the site is hosted.
  var embed = document.querySelector(".bri-embed textarea");
  if (embed && !/src="https?:/.test(embed.value)) {
    embed.value = embed.value.replace(/src="([^"]*)"/, function (_, src) {
      return 'src="' + new URL(src, location.href).href.split("?")[0] + '"';
    });
  }
})();
