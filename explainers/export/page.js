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
  // In an iframe (?embed=true) the page is the viewer alone: no header, views or sources.
  if (new URLSearchParams(location.search).get("embed") === "true") {
    document.body.classList.add("bri-page-embedded");
  }
  window.briViewer.mount(root, window.briPayloads[root.dataset.explainer], {
    assets: root.dataset.assets,
    history: "page",
  });
  // The viewer's Share and embed panel gives this view's link and snippet with this
  // page's own address; the page's static snippet stays for readers without scripts.
  var embed = document.querySelector(".bri-page-foot .bri-embed");
  if (embed && root.querySelector(".bri-share")) embed.remove();
})();
