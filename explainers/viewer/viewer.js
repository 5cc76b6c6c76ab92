// The linked viewer: one map and one text that move together, every pick in the browser.
//
// Python builds one payload per explainer (explainers/viewer/payload.py): the plotly
// figure with every layer and year, the passages with their mentions, each country's
// card, the steps. This module draws it and answers the reader: a name in the text
// frames the map; a country on the map marks its passages; steps walk the story;
// layers and the year switch in place. The URL is the view, and Back walks the picks.
//
// No framework and no build step. All state lives in one object per viewer. Text from
// an article reaches the page through textContent only, never innerHTML.
//
// Used two ways: as a Streamlit component (the default export) and, from a plain page,
// through mount(element, payload, options).

const PARAMS = ["explainer", "step", "country", "layers", "year"];
const NARROW = 860; // px: below this the map, steps, card and text stack in one column

// ---------------------------------------------------------------- small helpers

function el(tag, attrs = {}, text = null) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value !== null && value !== undefined && value !== false) node.setAttribute(name, value);
  }
  if (text !== null) node.textContent = text;
  return node;
}

// Shared by every copy of this module on the page (Streamlit imports it once per component).
const loads = (window.briLoads = window.briLoads || { plotly: new Map(), shapes: new Map() });
const plotlyLoads = loads.plotly;

function loadPlotly(src) {
  if (window.Plotly) return Promise.resolve(window.Plotly);
  if (!plotlyLoads.has(src)) {
    plotlyLoads.set(
      src,
      new Promise((resolve, reject) => {
        const script = el("script", { src });
        script.onload = () => resolve(window.Plotly);
        script.onerror = () => reject(new Error(`could not load ${src}`));
        document.head.appendChild(script);
      }),
    );
  }
  return plotlyLoads.get(src);
}

const shapeLoads = loads.shapes;

/** Fetch the map's shapes while plotly.js loads, rather than after (plotly waits for none). */
function loadShapes(url, name) {
  if (!shapeLoads.has(url)) {
    shapeLoads.set(
      url,
      fetch(url)
        .then((reply) => {
          if (!reply.ok) throw new Error(`the server answered ${reply.status}`);
          return reply.json().catch(() => Promise.reject(new Error("the file is not valid JSON")));
        })
        .then((topology) => {
          if (!topology || !topology.objects || !topology.objects.countries) {
            throw new Error("the file holds no country shapes");
          }
          window.PlotlyGeoAssets = window.PlotlyGeoAssets || { topojson: {} };
          window.PlotlyGeoAssets.topojson[name] = topology;
        })
        .catch((error) => {
          throw new Error(
            `the country shapes (${name}.json) could not be loaded (${error.message}); the ` +
              "site's operator can rebuild them with make data",
          );
        }),
    );
  }
  return shapeLoads.get(url);
}

// ---------------------------------------------------------------- the view and the URL

function defaultView(payload) {
  return { step: null, country: null, layers: [...payload.defaultLayers], year: null };
}

/** The view a query string asks for; values this payload does not know are dropped. */
export function viewFromQuery(payload, search) {
  const params = new URLSearchParams(search);
  const view = defaultView(payload);
  const step = params.get("step");
  if (step && payload.steps.some((s) => s.id === step)) view.step = step;
  const country = (params.get("country") || "").trim().toUpperCase();
  if (country && payload.names[country]) view.country = country;
  if (params.has("layers")) {
    const asked = params.get("layers").toLowerCase().split(",").map((p) => p.trim());
    view.layers = payload.layers.map((l) => l.id).filter((id) => asked.includes(id));
  }
  const year = Number(params.get("year"));
  if (Number.isInteger(year) && year >= payload.years[0] && year <= payload.years[1]) {
    view.year = year;
  }
  return view;
}

/** The query that reproduces a view, in the same order and form as Python's view_to_query. */
export function queryFromView(payload, view) {
  const query = {};
  if (payload.explainer) query.explainer = payload.explainer;
  if (view.step) query.step = view.step;
  if (view.country) query.country = view.country;
  const ids = payload.layers.map((l) => l.id).filter((id) => view.layers.includes(id));
  if (ids.join(",") !== payload.defaultLayers.join(",")) query.layers = ids.join(",") || "none";
  if (view.year !== null) query.year = String(view.year);
  return query;
}

function urlFor(query) {
  const keep = new URLSearchParams(window.location.search);
  const params = new URLSearchParams(query);
  // Parameters that are not the view's (Streamlit's embed=true, say) are kept, after it.
  for (const [name, value] of keep) if (!PARAMS.includes(name)) params.append(name, value);
  const search = params.toString();
  return window.location.pathname + (search ? `?${search}` : "") + window.location.hash;
}

// ---------------------------------------------------------------- the map

function frameOf(state) {
  const { payload, view, focus } = state;
  if (focus && focus.frame) return focus.frame;
  if (view.country) return payload.frames[view.country];
  const step = currentStep(state);
  return step ? step.frame : payload.world;
}

function outlined(state) {
  const { view, focus } = state;
  if (focus && focus.codes.length) return focus.codes;
  if (view.country) return [view.country];
  const step = currentStep(state);
  return step ? step.countries : [];
}

/**
 * Text as plotly.js shows it as typed: it renders a little HTML (links, bold, styles) in
 * labels, titles and hover labels, and shows the entities as their characters. The
 * payload's figure comes plain from Python (explainers/markup.py); this is for the text
 * the viewer adds (a marked place's name, the PNG's title and credit).
 */
function plotlyText(text) {
  return String(text).replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

/** The text a plain figure field stands for (the inverse of plotlyText). */
function typedText(text) {
  return String(text).replaceAll("&lt;", "<").replaceAll("&gt;", ">").replaceAll("&amp;", "&");
}

function marked(state) {
  const { payload, focus } = state;
  const points = [];
  if (focus && focus.point) points.push([...focus.point, focus.label]);
  const step = currentStep(state);
  for (const id of step ? step.projects : []) {
    const project = payload.projects[id];
    if (project && project.point) points.push([...project.point, project.name]);
  }
  return points;
}

function showsIn(since, until, year) {
  if (year === null) return until === null;
  return since !== null && since <= year && (until === null || until > year);
}

function cutToYear(trace, year) {
  const { since, until, arrays } = trace.meta.years;
  const keep = since.map((s, i) => showsIn(s, until[i], year));
  const copy = { ...trace };
  for (const path of arrays) {
    const [head, tail] = path.split(".");
    const source = tail ? trace[head][tail] : trace[head];
    if (!Array.isArray(source)) continue;
    const cut = source.filter((_, i) => keep[i]);
    if (tail) copy[head] = { ...copy[head], [tail]: cut };
    else copy[head] = cut;
  }
  return copy;
}

function figureFor(state) {
  const { payload, view } = state;
  const codes = outlined(state);
  const points = marked(state);
  const data = payload.figure.data.map((trace) => {
    const meta = trace.meta || {};
    if (meta.role === "outline") return { ...trace, locations: codes, z: codes.map(() => 1) };
    if (meta.role === "place") {
      return {
        ...trace,
        lon: points.map((p) => p[0]),
        lat: points.map((p) => p[1]),
        text: points.map((p) => plotlyText(p[2])),
      };
    }
    if (!meta.layer) return trace;
    const shown = view.layers.includes(meta.layer);
    if (meta.draw || meta.groupsOf) return layerPart(state, trace, shown);
    const drawn = shown && meta.years ? cutToYear(trace, view.year) : trace;
    return { ...drawn, visible: shown };
  });
  const [lon, lat, scale] = frameOf(state);
  const base = payload.figure.layout;
  const layout = {
    ...base,
    height: mapHeight(state),
    showlegend: false, // the key is page text, under the map (renderLegend)
    geo: {
      ...base.geo,
      center: { lon, lat },
      projection: { ...base.geo.projection, rotation: { lon }, scale },
      uirevision: state.frames,
    },
  };
  return { data, layout };
}

const SIDE_RESERVE_PX = 190; // beside the map, what a screen keeps for the step's caption and the card
// The world in Natural Earth from 58°S to 85°N (figures.py's lataxis) is drawn 0.466 times as
// tall as it is wide (plotly's clip, 704 x 327.6 px), whatever the frame: a taller box adds only
// blank bands above and below the map, so no box is taller than that.
const MAP_ASPECT = 0.466;

/**
 * The map leads: beside the story it is as large as the screen allows, keeping what the step's
 * caption and the card need below it (the column never outgrows the screen, see viewer.css);
 * on a narrow page it is pinned at the top, at most 45% of the screen, the story scrolling under
 * it. An embed's map is as tall as its frame allows (fitEmbed).
 */
function mapHeight(state) {
  if (state.embed) return state.embedMapHeight;
  const drawn = (state.map.clientWidth || 600) * MAP_ASPECT;
  const screen = window.innerHeight || 800;
  if (isNarrow(state)) return Math.round(Math.max(150, Math.min(screen * 0.45, drawn)));
  const column = state.side ? state.side.getBoundingClientRect().height : screen - 68;
  return Math.round(Math.max(220, Math.min(column - SIDE_RESERVE_PX, drawn)));
}

/** Redraw at the new height when the screen changes size (a phone turned, a window resized). */
function watchPageSize(state) {
  let timer = null;
  let drawnFor = `${window.innerWidth}x${window.innerHeight}`;
  const refit = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const now = `${window.innerWidth}x${window.innerHeight}`;
      if (now === drawnFor || !state.root.dataset.ready) return;
      drawnFor = now;
      draw(state);
    }, 150);
  };
  window.addEventListener("resize", refit);
  return () => {
    clearTimeout(timer);
    window.removeEventListener("resize", refit);
  };
}

function draw(state) {
  const { data, layout } = figureFor(state);
  // On a narrow page the step's box is pinned under the map (viewer.css): it needs the height.
  state.root.style.setProperty("--bri-map-h", `${layout.height}px`);
  renderLayerNote(state);
  return window.Plotly.react(state.map, data, layout, state.config).then((gd) => {
    placeLabels(state);
    notePinned(state);
    return gd;
  });
}

// ---------------------------------------------------------------- names that never overlap
//
// plotly.js prints every name it is given, on top of one another where countries are small
// (Turkey, Syria and Iraq at world scale, a step's projects in one corridor). After each
// draw the viewer keeps names by rank: the picked country's, then the story's countries in
// the story's order, then the marked places; a name that would touch one kept before it, or
// run past the map's edge, is hidden at this frame and takes no click. Framed closer, it
// comes back. Each name has a white halo (figures.py) so it reads on any fill.

const LABEL_GAP_PX = 2;

function labelRank(state, hit) {
  if (hit.meta.role === "place") return 10_000 + hit.index;
  return hit.trace.customdata[hit.index] === state.view.country ? -1 : hit.index;
}

const apart = (a, b, gap) =>
  a.right + gap <= b.left || b.right + gap <= a.left || a.bottom + gap <= b.top || b.bottom + gap <= a.top;

function placeLabels(state) {
  const subplot = state.map._fullLayout && state.map._fullLayout.geo && state.map._fullLayout.geo._subplot;
  if (!subplot) return;
  const edge = subplot.bgRect.node().getBoundingClientRect();
  const named = (meta) => meta.role === "labels" || meta.role === "place";
  const hits = drawnNodes(state, ".geo text", named).filter((hit) => hit.node.textContent);
  hits.sort((a, b) => labelRank(state, a) - labelRank(state, b));
  const kept = [];
  let hidden = 0;
  for (const hit of hits) {
    const box = hit.node.getBoundingClientRect();
    const inside = box.left >= edge.left && box.right <= edge.right && box.top >= edge.top && box.bottom <= edge.bottom;
    const clear = inside && kept.every((other) => apart(other, box, LABEL_GAP_PX));
    hit.node.style.visibility = clear ? "" : "hidden";
    if (clear) kept.push(box);
    else hidden += 1;
  }
  state.map.dataset.hiddenLabels = String(hidden);
}

// ---------------------------------------------------------------- what a click on the map picks
//
// plotly.js gives a click to the nearest marker or line within 20 px, and to a country
// only when nothing point-like is that near: a corridor over China took China's clicks,
// a marker in Turkey took Syria's. The viewer asks instead what is drawn under the
// pointer, in plotly's own paths, top first: a marker (its own shape, no more), else a
// country's shape, else a country's name, else (over the sea) the nearest coast within a
// finger's reach. Lines, stars, outlines and marked places are decorations: a click goes
// through them to what lies beneath.

const REACH_PX = { mouse: 3, pen: 3, touch: 10 }; // over the sea, how far a click finds land
const PAN_PX = 5; // a press that moved further than this before release panned the map
const PROBES = 12; // directions searched around a click over the sea

/** Listen for clicks and taps on the map itself (not its mode bar), and not for pans. */
function watchMapClicks(state) {
  let press = null;
  // Both in the capture phase: plotly's own handlers stop the events on their way up.
  const onPress = (event) => {
    press = { x: event.clientX, y: event.clientY, type: event.pointerType || "mouse" };
  };
  const onClick = (event) => {
    const subplot = state.map._fullLayout && state.map._fullLayout.geo._subplot;
    if (!subplot || event.target !== subplot.bgRect.node() || event.defaultPrevented) return;
    const [x, y] = [event.clientX, event.clientY];
    if (press && Math.hypot(x - press.x, y - press.y) > PAN_PX) return;
    onMapClick(state, hitAt(state, x, y, REACH_PX[press ? press.type : "mouse"] || 3));
  };
  state.map.addEventListener("pointerdown", onPress, true);
  state.map.addEventListener("click", onClick, true);
}

function onMapClick(state, point) {
  if (!point) return;
  const meta = point.meta;
  const started = performance.now();
  if (meta.role === "countries" || meta.layer === "partners" || meta.role === "labels") {
    pick(state, { country: point.location, from: "map", started });
  } else if (meta.layer === "projects") {
    const id = Array.isArray(point.customdata) ? point.customdata.at(-1) : null;
    const project = state.payload.projects[id];
    if (!project) return;
    const focus = { codes: [project.countries[0]], point: project.point, label: project.name };
    pick(state, { country: project.countries[0], focus, from: "map", started });
  } else if (meta.groupsOf) {
    pickLayerGroup(state, point, started);
  } else if (meta.draw) {
    pickLayerPoint(state, point, started);
  }
}

/** The plotly trace a drawn node belongs to (plotly binds each trace's group to its data). */
function drawnTrace(node) {
  const group = node.closest("g.trace");
  const calc = group && group.__data__;
  return calc && calc[0] ? calc[0].trace : null;
}

/** The drawn nodes that ``keep`` accepts by their trace's meta, top first. */
function drawnNodes(state, selector, keep) {
  const found = [];
  for (const node of state.map.querySelectorAll(selector)) {
    const trace = drawnTrace(node);
    if (trace && trace.visible === true && node.__data__ && keep(trace.meta || {})) {
      found.push({ node, trace, meta: trace.meta, index: node.__data__.i });
    }
  }
  return found.reverse(); // plotly draws later traces, and later points, over earlier ones
}

function near(rect, x, y, pad) {
  return x >= rect.left - pad && x <= rect.right + pad && y >= rect.top - pad && y <= rect.bottom + pad;
}

/** Whether page point (x, y) is on the node's drawn fill (and its rim, with ``rim``). */
function covers(node, x, y, rim) {
  const matrix = node.getScreenCTM();
  if (!matrix) return false;
  const at = new DOMPoint(x, y).matrixTransform(matrix.inverse());
  return node.isPointInFill(at) || (rim && node.isPointInStroke(at));
}

const isMarker = (meta) => meta.layer === "projects" || Boolean(meta.draw || meta.groupsOf);
const isLand = (meta) => meta.role === "countries" || meta.role === "land" || meta.layer === "partners";

/** What a click at page point (x, y) picks, as {meta, location, customdata, lon, lat}, or null. */
function hitAt(state, x, y, reach) {
  for (const hit of drawnNodes(state, "path.point", isMarker)) {
    if (near(hit.node.getBoundingClientRect(), x, y, 1) && covers(hit.node, x, y, true)) {
      const [lon, lat] = hit.node.__data__.lonlat;
      return { meta: hit.meta, customdata: hit.trace.customdata[hit.index], lon, lat };
    }
  }
  const shapes = drawnNodes(state, "path.choroplethlocation", isLand);
  const shape = shapeAt(shapes, x, y);
  if (shape) return shape.meta.role === "land" ? null : shape; // land with no country code
  for (const hit of drawnNodes(state, ".geo text", (meta) => meta.role === "labels")) {
    if (hit.node.style.visibility !== "hidden" && near(hit.node.getBoundingClientRect(), x, y, 0)) {
      return { meta: hit.meta, location: hit.trace.customdata[hit.index] };
    }
  }
  return nearestShape(shapes, x, y, reach);
}

function shapeAt(shapes, x, y, pad = 0) {
  for (const hit of shapes) {
    if (near(hit.node.getBoundingClientRect(), x, y, pad) && covers(hit.node, x, y, false)) {
      return { meta: hit.meta, location: hit.node.__data__.loc };
    }
  }
  return null;
}

/**
 * Over the sea: the country nearest the click within ``reach`` px, so a finger finds a
 * country a few pixels wide (Turkey on a phone's world map) without landing on it.
 */
function nearestShape(shapes, x, y, reach) {
  const close = shapes.filter((hit) => near(hit.node.getBoundingClientRect(), x, y, reach));
  for (let r = 2; r <= reach; r += 2) {
    for (let k = 0; k < PROBES; k += 1) {
      const angle = (2 * Math.PI * k) / PROBES;
      const found = shapeAt(close, x + r * Math.cos(angle), y + r * Math.sin(angle));
      if (found && found.meta.role !== "land") return found;
    }
  }
  return null;
}

// ---------------------------------------------------------------- a newsroom's own layer
//
// Its points (one trace, meta.draw) are drawn one by one only where the map is framed
// closely: a picked country, or a map scaled up to meta.draw.pointsFromScale, at most
// meta.draw.cap of them. Further out they are grouped by area (the second trace,
// meta.groupsOf), one circle per cell of a grid about meta.draw.cellPx wide on screen,
// sized and labelled by how many points it holds; a lone point stays a point. plotly.js
// reprojects every point it draws on each reframing: a few hundred circles, not 10,000.

const CELL_DEGREES = [0.1, 0.25, 0.5, 1, 2, 3, 5, 6, 10, 15, 20, 30];
const GROUP_PX = [14, 36]; // the smallest circle (room for "999") and the largest

/** The layer's trace of points (the one with meta.draw), or null without a layer. */
function layerTrace(state) {
  if (state.layer.trace === undefined) {
    state.layer.trace = state.payload.figure.data.find((t) => t.meta && t.meta.draw) || null;
  }
  return state.layer.trace;
}

/** One of the layer's two traces as this view draws it (hidden: drawn empty, at no cost). */
function layerPart(state, trace, shown) {
  if (!shown) return { ...trace, lon: [], lat: [], text: [], customdata: [], visible: false };
  const drawing = layerDrawing(state);
  return { ...(trace.meta.draw ? drawing.points : drawing.groups), visible: true };
}

/** The frame the layer is drawn for: the reader's own pan and zoom, else the view's. */
function layerFrame(state) {
  return state.layer.frame || frameOf(state);
}

/** Single points for a close frame (a picked country, unless the reader zoomed out). */
function drawsPoints(state, frame, draw) {
  if (!state.layer.frame && state.view.country) return true;
  return frame[2] >= draw.pointsFromScale;
}

/**
 * What the layer draws now: its points and its groups as plotly traces, and the note
 * under the map. Kept while the same points, frame and country are asked for, so a
 * redraw hands plotly the same arrays (and it skips them).
 */
function layerDrawing(state) {
  const trace = layerTrace(state);
  const draw = trace.meta.draw;
  const frame = layerFrame(state);
  const kept = keptPoints(state, trace);
  const points = drawsPoints(state, frame, draw);
  const width = state.map.clientWidth || 600;
  const where = points
    ? `${frame.map((v) => v.toFixed(2)).join(",")}|${state.view.country}|${width}`
    : String(cellDegrees(draw, frame[2], width));
  const key = `${kept.key}|${points ? "points" : "groups"}|${where}`;
  if (state.layer.drawn && state.layer.drawn.key === key) return state.layer.drawn;
  const groupsTrace = state.payload.figure.data.find((t) => t.meta && t.meta.groupsOf);
  const drawing = points
    ? pointDrawing(state, trace, groupsTrace, kept.indices, frame)
    : groupDrawing(state, trace, groupsTrace, kept.indices, cellDegrees(draw, frame[2], width));
  state.layer.drawn = { key, ...drawing };
  return state.layer.drawn;
}

/** The indices of the points the year and the chosen type and status keep (cached). */
function keptPoints(state, trace) {
  const key = `${state.view.year}|${JSON.stringify(state.facets || {})}`;
  if (state.layer.kept && state.layer.kept.key === key) return state.layer.kept;
  const { since, until } = trace.meta.years;
  const facets = facetMask(state, trace.meta);
  const indices = [];
  for (let i = 0; i < since.length; i += 1) {
    if (showsIn(since[i], until[i], state.view.year) && (!facets || facets[i])) indices.push(i);
  }
  state.layer.kept = { key, indices };
  return state.layer.kept;
}

/** A subset of the points trace: the same hover and style, only the points at ``indices``. */
function pointsAt(trace, indices) {
  return {
    ...trace,
    lon: indices.map((i) => trace.lon[i]),
    lat: indices.map((i) => trace.lat[i]),
    customdata: indices.map((i) => trace.customdata[i]),
  };
}

/** The grid's cell, in degrees, that is about meta.draw.cellPx wide at this scale. */
function cellDegrees(draw, scale, width) {
  const wanted = (draw.cellPx * 360) / (width * scale);
  return CELL_DEGREES.find((step) => step >= wanted) || CELL_DEGREES.at(-1);
}

/** The points by grid cell: each cell's members, the sum of their places, their countries. */
function gridCells(trace, indices, size) {
  const cells = new Map();
  for (const i of indices) {
    const lon = trace.lon[i];
    const lat = trace.lat[i];
    const key = `${Math.floor((lon + 180) / size)}:${Math.floor((lat + 90) / size)}`;
    let cell = cells.get(key);
    if (!cell) {
      cell = { members: [], lon: 0, lat: 0, countries: new Map() };
      cells.set(key, cell);
    }
    const code = trace.customdata[i].at(-1);
    cell.members.push(i);
    cell.lon += lon;
    cell.lat += lat;
    cell.countries.set(code, (cell.countries.get(code) || 0) + 1);
  }
  return [...cells.values()];
}

/** The world view: a circle per cell of several points, at their mean; lone points as points. */
function groupDrawing(state, trace, groupsTrace, indices, size) {
  const cells = gridCells(trace, indices, size);
  const groups = cells.filter((cell) => cell.members.length > 1);
  const singles = cells.filter((cell) => cell.members.length === 1).map((c) => c.members[0]);
  const most = groups.reduce((m, cell) => Math.max(m, cell.members.length), 1);
  const [small, large] = GROUP_PX;
  const drawn = {
    ...groupsTrace,
    lon: groups.map((cell) => cell.lon / cell.members.length),
    lat: groups.map((cell) => cell.lat / cell.members.length),
    text: groups.map((cell) => countLabel(cell.members.length)),
    customdata: groups.map((cell) => groupFacts(state, cell)),
    marker: {
      ...groupsTrace.marker,
      size: groups.map((cell) => small + (large - small) * Math.sqrt(cell.members.length / most)),
    },
  };
  const note = indices.length
    ? "Your projects are grouped by area at this scale; the number on a circle counts " +
      "them. Click a circle, or pick a country, to see each one."
    : "None of your projects matches the chosen year, type and status.";
  return { points: pointsAt(trace, singles), groups: drawn, note };
}

/** "7", "950", "1.2k", "12k": short enough for the smallest circle. */
function countLabel(count) {
  if (count < 1000) return String(count);
  return `${(count / 1000).toFixed(count < 9950 ? 1 : 0)}k`;
}

/** A circle's hover and click: its count, its countries in words, the one with most. */
function groupFacts(state, cell) {
  const ranked = [...cell.countries].sort((a, b) => b[1] - a[1]);
  const named = ranked.slice(0, 3).map(([code, n]) => `${state.payload.names[code] || code} ${n}`);
  const rest = ranked.length - 3;
  const more = rest > 0 ? ` · ${rest} more countr${rest === 1 ? "y" : "ies"}` : "";
  const count = cell.members.length;
  return [count.toLocaleString("en"), hoverText(named.join(" · ") + more), ranked[0][0], count];
}

/** Text for plotly's hover, which reads a few HTML tags: entities keep it text. */
function hoverText(text) {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

/**
 * A close frame: the points in view, the picked country's first and then the nearest
 * to the frame's centre, at most meta.draw.cap; no circles.
 */
function pointDrawing(state, trace, groupsTrace, indices, frame) {
  const box = viewBox(state, frame);
  const inView = indices.filter((i) => inBox(box, trace.lon[i], trace.lat[i]));
  const cap = trace.meta.draw.cap;
  let shown = inView;
  if (inView.length > cap) {
    const country = state.view.country;
    const rank = (i) => {
      const dx = ((trace.lon[i] - frame[0] + 540) % 360) - 180;
      const dy = trace.lat[i] - frame[1];
      return (trace.customdata[i].at(-1) === country ? 0 : 1e6) + dx * dx + dy * dy;
    };
    const ranks = new Map(inView.map((i) => [i, rank(i)]));
    shown = [...inView].sort((a, b) => ranks.get(a) - ranks.get(b)).slice(0, cap);
  }
  const fmt = (n) => n.toLocaleString("en");
  let note = `Showing all ${fmt(inView.length)} of your projects in this view.`;
  if (!inView.length) {
    note = indices.length
      ? "None of your projects is in this view."
      : "None of your projects matches the chosen year, type and status.";
  } else if (shown.length < inView.length) {
    note =
      `Showing ${fmt(shown.length)} of ${fmt(inView.length)} of your projects in this view, ` +
      "those nearest its centre; filter by type, status or year to see the others.";
  }
  const groups = { ...groupsTrace, lon: [], lat: [], text: [], customdata: [] };
  return { points: pointsAt(trace, shown), groups, note };
}

/**
 * The part of the world a frame shows, a little generously: at scale 1 the map's width
 * spans 360 degrees of longitude at the equator, and (as Natural Earth draws it) about
 * a third more towards the poles.
 */
function viewBox(state, [lon, lat, scale]) {
  const width = state.map.clientWidth || 600;
  const perPx = 360 / (width * scale);
  const halfLat = Math.min(90, (mapHeight(state) / 2) * perPx * 1.15);
  const polar = Math.min(85, Math.abs(lat) + halfLat) / 90;
  const halfLon = Math.min(180, ((width / 2) * perPx * 1.15) / (1 - 0.5 * polar * polar));
  return { lon, halfLon, south: lat - halfLat, north: lat + halfLat };
}

function inBox(box, lon, lat) {
  if (lat < box.south || lat > box.north) return false;
  return box.halfLon >= 180 || Math.abs(((lon - box.lon + 540) % 360) - 180) <= box.halfLon;
}

/** The note under the map: how the layer is drawn at this frame; empty when it is off. */
function renderLayerNote(state) {
  const trace = layerTrace(state);
  const on = Boolean(trace) && state.view.layers.includes(trace.meta.layer) && state.layer.drawn;
  state.layerNote.hidden = !on;
  state.layerNote.textContent = on ? state.layer.drawn.note : "";
}

/** The reader panned or zoomed the map itself: draw the layer again for that frame. */
function onRelayout(state, event) {
  if (!layerTrace(state) || !Object.keys(event || {}).some((key) => key.startsWith("geo"))) return;
  const geo = state.map._fullLayout.geo;
  state.layer.frame = [geo.center.lon, geo.center.lat, geo.projection.scale];
  clearTimeout(state.layer.timer);
  state.layer.timer = setTimeout(() => draw(state), 150);
}

/** A click on a circle picks the country with most of its projects, which shows each one. */
function pickLayerGroup(state, point, started) {
  const code = Array.isArray(point.customdata) ? point.customdata[2] : null;
  if (!code || !state.payload.names[code]) return;
  pick(state, { country: code, from: "map", started });
}

/** A click on one of a newsroom's projects picks its country and marks the point. */
function pickLayerPoint(state, point, started) {
  const row = Array.isArray(point.customdata) ? point.customdata : null;
  const code = row ? row.at(-1) : null;
  if (!code || !state.payload.names[code]) return;
  const focus = { codes: [code], point: [point.lon, point.lat], label: typedText(row[0]) };
  pick(state, { country: code, focus, from: "map", started });
}

/** Which of a trace's points the chosen facets (type, status) keep; null keeps them all. */
function facetMask(state, meta) {
  if (!meta.facets || !state.facets) return null;
  const chosen = Object.entries(state.facets).filter(([name, v]) => v !== "" && meta.facets[name]);
  if (!chosen.length) return null;
  return meta.years.since.map((_, i) =>
    chosen.every(([name, v]) => meta.facets[name].values[meta.facets[name].index[i]] === v),
  );
}

/** One select per facet of the layer that has them: "Every type", "Every status"... */
function buildFacetFilters(state) {
  state.facets = {};
  const trace = state.payload.figure.data.find((t) => t.meta && t.meta.facets);
  if (!trace) return null;
  const box = el("fieldset", { class: "bri-control bri-facets" });
  box.append(el("legend", {}, "Filter your projects"));
  for (const [name, facet] of Object.entries(trace.meta.facets)) {
    const id = `${state.id}-facet-${name}`;
    const select = el("select", { id });
    select.dataset.facet = name;
    select.append(el("option", { value: "" }, `Every ${facet.label.toLowerCase()}`));
    for (const value of facet.values) select.append(el("option", { value }, value));
    select.addEventListener("change", () => {
      state.facets = { ...state.facets, [name]: select.value };
      apply(state, state.view, { from: "control" });
    });
    const row = el("div", { class: "bri-facet" });
    row.append(el("label", { for: id }, `${facet.label} `), select);
    box.append(row);
  }
  return box;
}

// ---------------------------------------------------------------- the text

function passageNode(passage) {
  const node = el("p", { class: "bri-passage", id: `bri-passage-${passage.id}` });
  node.dataset.passage = passage.id;
  let cursor = 0;
  for (const mention of passage.mentions) {
    if (mention.start < cursor) continue;
    node.append(passage.text.slice(cursor, mention.start));
    const words = passage.text.slice(mention.start, mention.end);
    const linked = mention.iso3.length > 0 || mention.point;
    const name = mention.kind === "region" ? mention.name : mention.name || words;
    const tag = linked ? el("button", { type: "button", class: "bri-mention" }) : el("span");
    if (linked) tag.setAttribute("aria-label", `${words}: show ${name} on the map`);
    else tag.className = "bri-mention bri-mention-plain";
    tag.textContent = words;
    tag.dataset.iso3 = mention.iso3.join(" ");
    tag.dataset.kind = mention.kind;
    tag.bri = mention;
    node.append(tag);
    cursor = mention.end;
  }
  node.append(passage.text.slice(cursor));
  return node;
}

function onMentionClick(state, button) {
  const mention = button.bri;
  const started = performance.now();
  const single = mention.iso3.length >= 1 && mention.kind !== "region";
  const focus = {
    codes: mention.iso3,
    frame: mention.kind === "region" || mention.iso3.length > 1 ? mention.frame : null,
    point: mention.kind === "place" ? mention.point : null,
    label: mention.kind === "place" ? mention.name : null,
  };
  pick(state, { country: single ? mention.iso3[0] : null, focus, from: "text", started });
}

function markText(state) {
  const { view, payload } = state;
  const step = currentStep(state);
  const inStep = new Set(step ? step.passages : []);
  for (const node of state.text.querySelectorAll(".bri-passage")) {
    const passage = payload.passages.find((p) => p.id === node.dataset.passage);
    const names = view.country && passage.countries.includes(view.country);
    node.toggleAttribute("data-marked", Boolean(names));
    node.toggleAttribute("data-in-step", inStep.has(passage.id));
  }
  for (const tag of state.text.querySelectorAll(".bri-mention")) {
    const selected = view.country && tag.dataset.iso3.split(" ").includes(view.country);
    if (selected) tag.dataset.selected = "true";
    else delete tag.dataset.selected;
  }
}

// ---------------------------------------------------------------- the card

function renderCard(state) {
  const { view, payload } = state;
  const card = state.card;
  card.replaceChildren();
  card.hidden = !view.country;
  if (!view.country) return;
  const own = payload.cards[view.country];
  const name = payload.names[view.country];
  const facts = own || payload.blankCard;
  card.append(el("h3", { class: "bri-card-title", id: `${state.id}-card-title` }, name));
  for (const line of facts.lines) card.append(el("p", {}, line.replaceAll("{name}", name)));
  if (facts.passages.length) {
    const count = facts.passages.length;
    const label = `${count} passage${count === 1 ? "" : "s"} of the story name ${name}:`;
    card.append(el("p", { class: "bri-card-label" }, label));
    const list = el("ul", { class: "bri-card-passages" });
    for (const id of facts.passages) {
      const item = el("li");
      if (state.embed) {
        item.textContent = excerpt(payload, id); // an embed's card has no text to jump to
        list.append(item);
        continue;
      }
      const link = el("a", { href: `#bri-passage-${id}` }, excerpt(payload, id));
      link.addEventListener("click", (event) => {
        event.preventDefault();
        reveal(state.text.querySelector(`[data-passage="${id}"]`), true);
      });
      item.append(link);
      list.append(item);
    }
    card.append(list);
  }
  if (facts.projects.length) {
    // A list the reader opens: on a phone a long one would push the story off two screens.
    const label = `Belt and Road projects in ${name} (${facts.projects.length})`;
    const more = el("details", { class: "bri-card-more" });
    more.open = !isNarrow(state);
    more.append(el("summary", { class: "bri-card-label" }, label));
    const list = el("ul", { class: "bri-card-projects" });
    for (const project of facts.projects) {
      list.append(el("li", {}, `${project.name} · ${project.detail}`));
    }
    more.append(list);
    card.append(more);
  }
  const close = el("button", { type: "button", class: "bri-button" }, "Show the whole story");
  close.addEventListener("click", () => pick(state, { country: null, from: "card" }));
  card.append(close);
}

function excerpt(payload, id) {
  const text = payload.passages.find((p) => p.id === id).text;
  return text.length > 90 ? `${text.slice(0, 88).trimEnd()}…` : text;
}

// ---------------------------------------------------------------- steps and controls

function currentStep(state) {
  return state.payload.steps.find((s) => s.id === state.view.step) || null;
}

function goToStep(state, index) {
  const steps = state.payload.steps;
  if (!steps.length) return;
  const step = steps[Math.max(0, Math.min(steps.length - 1, index))];
  const view = { ...state.view, step: step.id, country: null };
  if (step.layers) view.layers = [...step.layers];
  apply(state, view, { push: true, started: performance.now(), from: "step" });
  const first = state.text.querySelector(`[data-passage="${step.passages[0]}"]`);
  if (first) reveal(first, false);
}

// ---------------------------------------------------------------- reading moves the map
//
// As a step's passages come into the middle of the screen, the map takes that step: its frame,
// outlines, layers and caption, as Next would, but without scrolling the story. Only the reader's
// own scrolling counts (a wheel, a finger, the page keys), never a scroll the viewer made; and a
// country the reader picked holds until they go on with the story (Next, a step). The URL still
// says the step, so a link or a reload lands on it.

const READING_MS = 1500; // after the reader's last wheel, swipe or page key, how long it counts

function watchReading(state) {
  const steps = state.payload.steps;
  if (state.embed || !steps.length || !("IntersectionObserver" in window)) return () => {};
  const stepOf = new Map();
  steps.forEach((step, index) => {
    for (const id of step.passages) if (!stepOf.has(id)) stepOf.set(id, index);
  });
  let readAt = -Infinity;
  const reading = () => {
    readAt = performance.now();
  };
  const PAGE_KEYS = ["ArrowDown", "ArrowUp", "PageDown", "PageUp", " ", "End", "Home"];
  const onKey = (event) => PAGE_KEYS.includes(event.key) && reading();
  const onSeen = (entries) => {
    if (performance.now() - readAt > READING_MS || state.view.country) return;
    const seen = entries
      .filter((entry) => entry.isIntersecting)
      .map((entry) => stepOf.get(entry.target.dataset.passage));
    if (!seen.length) return;
    const index = seen[seen.length - 1];
    if (steps[index].id === state.view.step) return;
    const view = { ...state.view, step: steps[index].id, country: null };
    if (steps[index].layers) view.layers = [...steps[index].layers];
    apply(state, view, { push: true, from: "scroll" });
  };
  // The middle of what the reader sees: under the pinned map on a narrow page.
  const band = isNarrow(state) ? "-58% 0px -30% 0px" : "-40% 0px -45% 0px";
  const observer = new IntersectionObserver(onSeen, { rootMargin: band });
  for (const node of state.text.querySelectorAll(".bri-passage")) {
    if (stepOf.has(node.dataset.passage)) observer.observe(node);
  }
  const options = { passive: true, capture: true };
  window.addEventListener("wheel", reading, options);
  window.addEventListener("touchmove", reading, options);
  window.addEventListener("keydown", onKey, true);
  return () => {
    observer.disconnect();
    window.removeEventListener("wheel", reading, options);
    window.removeEventListener("touchmove", reading, options);
    window.removeEventListener("keydown", onKey, true);
  };
}

function renderSteps(state) {
  const { payload } = state;
  const box = state.stepsBox;
  if (!payload.steps.length) {
    box.hidden = true;
    return;
  }
  const index = payload.steps.findIndex((s) => s.id === state.view.step);
  const step = payload.steps[index];
  state.stepCount.textContent = step
    ? `Step ${index + 1} of ${payload.steps.length}`
    : `A guided story in ${payload.steps.length} steps`;
  state.stepTitle.textContent = step ? step.title : "Start the guided story, or explore freely";
  state.stepCaption.textContent = step
    ? step.caption
    : "Use Next or the arrow keys to walk the story; pick any name or country at any time.";
  state.prev.disabled = index <= 0;
  state.next.disabled = index === payload.steps.length - 1;
  state.next.textContent = step ? "Next" : "Start";
  const caption = state.stepCaption;
  const clamped = !state.stepsBox.hasAttribute("data-caption-open");
  state.stepMore.hidden = clamped && caption.scrollHeight <= caption.clientHeight + 1;
  notePinned(state);
  for (const button of state.stepList.querySelectorAll("button")) {
    const current = button.dataset.step === state.view.step;
    if (current) button.setAttribute("aria-current", "step");
    else button.removeAttribute("aria-current");
  }
}

function renderControls(state) {
  const { view } = state;
  state.picker.value = view.country || "";
  for (const box of state.layerBoxes) box.checked = view.layers.includes(box.value);
  const last = state.payload.years[1] + 1;
  state.year.value = String(view.year === null ? last : view.year);
  state.yearOut.textContent = view.year === null ? "Today" : String(view.year);
}

function describe(state) {
  const { payload, view } = state;
  const where = view.country ? `Map framed on ${payload.names[view.country]}.` : "World map.";
  const shown = payload.layers.filter((l) => view.layers.includes(l.id));
  const also = shown.length
    ? ` Also shown: ${shown.map((l) => l.label.toLowerCase()).join(", ")}, as of ${
        view.year === null ? "today" : view.year
      }.`
    : "";
  state.words.textContent = `${where} ${payload.describe}${also}`;
}

// ---------------------------------------------------------------- the key

const SVG = "http://www.w3.org/2000/svg";
// Marker shapes in a 12×12 box, as plotly draws them (filled ink, white rim).
const SHAPES = {
  circle: "M6,1.5A4.5,4.5 0 1,1 5.99,1.5Z",
  dot: "M6,3.5A2.5,2.5 0 1,1 5.99,3.5Z",
  disc: "M6,0.3A5.7,5.7 0 1,1 5.99,0.3Z",
  square: "M2,2H10V10H2Z",
  diamond: "M6,0.8L11.2,6L6,11.2L0.8,6Z",
  "triangle-up": "M6,1L11,10.5H1Z",
  "triangle-down": "M6,11L11,1.5H1Z",
  hexagon: "M6,0.8L10.5,3.4V8.6L6,11.2L1.5,8.6V3.4Z",
  pentagon: "M6,0.8L11.2,4.6L9.2,10.8H2.8L0.8,4.6Z",
  hourglass: "M1.5,1.5H10.5L1.5,10.5H10.5Z",
  cross: "M4.3,1H7.7V4.3H11V7.7H7.7V11H4.3V7.7H1V4.3H4.3Z",
  star: "M6,0.6L7.5,4.3L11.4,4.5L8.4,7L9.4,10.9L6,8.7L2.6,10.9L3.6,7L0.6,4.5L4.5,4.3Z",
};

function swatch(item) {
  const box = document.createElementNS(SVG, "svg");
  box.setAttribute("viewBox", "0 0 12 12");
  box.setAttribute("class", "bri-swatch");
  box.setAttribute("aria-hidden", "true");
  const shape = document.createElementNS(SVG, "path");
  if (item.line) {
    shape.setAttribute("d", "M0,6H12");
    shape.setAttribute("class", "bri-swatch-line");
  } else if (item.symbol) {
    shape.setAttribute("d", SHAPES[item.symbol] || SHAPES.circle);
    shape.setAttribute("class", item.symbol === "star" ? "bri-swatch-star" : "bri-swatch-mark");
    if (item.ink) shape.style.fill = item.ink; // a newsroom's layer has its own colour
  } else {
    shape.setAttribute("d", "M0.5,0.5H11.5V11.5H0.5Z");
    shape.setAttribute("fill", item.fill);
    shape.setAttribute("class", "bri-swatch-fill");
  }
  box.append(shape);
  return box;
}

// One column (the map, then the rest under it): the viewer's own width, or the window's
// before the page has laid it out.
function isNarrow(state) {
  return (state.root.clientWidth || window.innerWidth) < NARROW;
}

function buildLegend(state) {
  // Open beside a wide map; on a phone one line under the map, opened on demand, so the
  // story follows the map within two screens.
  const box = el("details", { class: "bri-legend", "aria-label": "Map key" });
  box.open = !isNarrow(state);
  box.append(el("summary", { class: "bri-legend-summary" }, "Map key"));
  const body = el("div", { class: "bri-legend-body" });
  box.append(body);
  state.legendParts = state.payload.legend.map((part) => {
    const section = el("div", { class: "bri-legend-part" });
    section.dataset.layer = part.layer || "";
    section.append(el("h3", { class: "bri-legend-title" }, part.title));
    const list = el("ul");
    for (const item of part.items) {
      const entry = el("li");
      entry.append(swatch(item), el("span", {}, item.label));
      list.append(entry);
    }
    section.append(list);
    if (part.note) section.append(el("p", { class: "bri-legend-note" }, part.note));
    body.append(section);
    return section;
  });
  return box;
}

function renderLegend(state) {
  for (const section of state.legendParts) {
    const layer = section.dataset.layer;
    section.hidden = Boolean(layer) && !state.view.layers.includes(layer);
  }
}

// ---------------------------------------------------------------- the map as a table

function tableOf(headings, rows, caption) {
  const table = el("table");
  table.append(el("caption", {}, caption));
  const head = el("tr");
  for (const heading of headings) head.append(el("th", { scope: "col" }, heading));
  const thead = el("thead");
  thead.append(head);
  table.append(thead);
  const body = el("tbody");
  for (const row of rows) {
    const line = el("tr");
    row.forEach((cell, index) => {
      line.append(index ? el("td", {}, cell) : el("th", { scope: "row" }, cell));
    });
    body.append(line);
  }
  table.append(body);
  return table;
}

/** What the map shows now, as tables: the story's countries, and the projects drawn. */
function renderTable(state) {
  const { payload, view } = state;
  const roles = payload.groups.flatMap((group) =>
    group.countries.map((code) => [payload.names[code], group.label]),
  );
  const countries = tableOf(["Country", "Role in the story"], roles, "Countries in the story");
  const parts = [countries];
  if (view.layers.includes("projects")) {
    const shown = Object.values(payload.projects).filter(
      (project) =>
        project.point &&
        showsIn(project.since, null, view.year) &&
        (!view.country || project.countries.includes(view.country)),
    );
    const where = view.country ? ` in ${payload.names[view.country]}` : "";
    const when = view.year === null ? "today" : `as of ${view.year}`;
    const rows = shown.map((p) => [p.name, p.type, p.status, p.year, p.cost, p.source]);
    const headings = ["Project", "Type", "Status", "Since", "Reported cost", "Source"];
    parts.push(tableOf(headings, rows, `Projects on the map${where}, ${when} (${rows.length})`));
  }
  state.tableBody.replaceChildren(...parts);
}

// ---------------------------------------------------------------- picks

/**
 * How much of the screen's top the pinned map (and the step's box under it) cover on a narrow
 * page, in px; 0 beside the story, where nothing covers the text.
 */
function pinnedHeight(root) {
  let bottom = 0;
  for (const node of root.querySelectorAll(".bri-frame .bri-map, .bri-frame .bri-steps")) {
    const style = getComputedStyle(node);
    if (style.position === "sticky") bottom = Math.max(bottom, parseFloat(style.top) + node.offsetHeight);
  }
  return bottom;
}

/** Whatever scrolls the story (a pick, the browser's find, the keyboard) stops under the pin. */
function notePinned(state) {
  state.root.style.setProperty("--bri-pinned", `${Math.round(pinnedHeight(state.root))}px`);
}

function reveal(node, focus, block = "center") {
  if (!node) return;
  const still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  const root = node.closest(".bri-viewer");
  const pinned = root ? pinnedHeight(root) : 0;
  if (pinned && node.matches(".bri-frame .bri-map")) return; // pinned: already in view
  if (pinned) block = "start"; // under the pinned map (scroll-margin-top, viewer.css)
  node.scrollIntoView({ block, behavior: still ? "auto" : "smooth" });
  if (focus) {
    node.setAttribute("tabindex", "-1");
    node.focus({ preventScroll: true });
  }
}

function pick(state, { country, focus = null, from, started = performance.now() }) {
  const view = { ...state.view, country };
  state.focus = focus;
  apply(state, view, { push: true, started, from }).then(() => {
    if (state.embed) {
      revealInEmbed(state);
    } else if (from === "map" && country) {
      const narrow = isNarrow(state);
      const first = state.text.querySelector(".bri-passage[data-marked]");
      // On a phone the map is pinned at the top, framed on the pick: its card under it.
      if (narrow) reveal(state.card, false, "start");
      else if (!first) reveal(state.card, false, "start");
      else reveal(first, false);
    } else if (from === "text" && isNarrow(state)) {
      reveal(state.map, false);
    }
  });
}

/** Show ``view``: the map in one Plotly.react, then text, card, controls and steps. */
function apply(state, view, { push = false, started = performance.now(), from = "url" } = {}) {
  const previous = state.view;
  state.view = view;
  if (["url", "step", "scroll", "control"].includes(from)) state.focus = null;
  if (from !== "control" || previous.country !== view.country) {
    state.frames += 1; // a new frame: the reader's own pan and zoom are left behind
    state.layer.frame = null;
  }
  if (push) remember(state, from);
  const drawn = state.map.classList.contains("js-plotly-plot") ? draw(state) : Promise.resolve();
  markText(state);
  renderCard(state);
  renderControls(state);
  renderSteps(state);
  renderLegend(state);
  if (state.tableBox.open) renderTable(state);
  describe(state);
  if (state.embed) renderEmbed(state);
  if (state.share) renderShare(state);
  if (from !== "control" && from !== "year") showInSide(state);
  return drawn.then(() => {
    const ms = performance.now() - started;
    state.timings.push({ from, ms });
    state.root.dataset.lastPickMs = ms.toFixed(1);
    state.root.dataset.picks = String(state.timings.length);
  });
}

/** Beside the map, bring what the reader just chose into view: the card, else the step. */
function showInSide(state) {
  const rest = state.sideRest;
  if (!rest || state.embed || isNarrow(state)) return;
  const target = state.card.hidden ? state.stepsBox : state.card;
  rest.scrollTop = target && !target.hidden ? target.offsetTop - rest.offsetTop : 0;
}

function remember(state, from) {
  const query = queryFromView(state.payload, state.view);
  // A dragged slider or a run of arrow-key presses on it is one entry in the history.
  const now = performance.now();
  const merge = from === "year" && state.lastPush.from === "year" && now - state.lastPush.at < 1500;
  state.lastPush = { from, at: now };
  clearTimeout(state.pending);
  if (state.options.history === "host") {
    // The host (Streamlit) writes the URL when it hears of the pick, one entry per
    // pick and in order; a slider tells it once it has settled.
    // An embed keeps what it shows (?show=) when the host rewrites the URL.
    const told = state.embed ? { ...query, show: state.embed.show } : query;
    const tell = () => state.options.onView(told);
    if (from === "year") state.pending = setTimeout(tell, 600);
    else tell();
    return;
  }
  const url = urlFor(query);
  if (url === window.location.pathname + window.location.search + window.location.hash) return;
  if (merge) window.history.replaceState(null, "", url);
  else window.history.pushState(null, "", url);
  state.options.onView(query);
}

// ---------------------------------------------------------------- links to this view

const SHOW_CHOICES = ["map", "map,card", "map,text"];
const DEFAULT_SHOW = "map,card";
const EMBED_HEIGHT = 450; // px: the iframe snippet's height, the smaller frame the embed fits

/**
 * The embed a query string asks for (?embed=true&show=...), read as explainers/view.py
 * reads it: the parts in any order, the map always; null when the page is not an embed.
 */
export function embedFromQuery(search) {
  const params = new URLSearchParams(search);
  if ((params.get("embed") || "").trim().toLowerCase() !== "true") return null;
  const asked = (params.get("show") || "").toLowerCase().split(",").map((p) => p.trim());
  const parts = new Set(asked.filter(Boolean));
  if (!parts.size) return { show: DEFAULT_SHOW };
  parts.add("map");
  const show = SHOW_CHOICES.find((choice) => {
    const wanted = choice.split(",");
    return wanted.length === parts.size && wanted.every((part) => parts.has(part));
  });
  return { show: show || DEFAULT_SHOW };
}

function embedShows(state, part) {
  return Boolean(state.embed) && state.embed.show.split(",").includes(part);
}

/** This view's full address: the page's own (the app's, or an exported page's) and the view. */
function viewUrl(state, extra = {}) {
  const base = window.location.href.split(/[?#]/)[0];
  const query = new URLSearchParams({ ...queryFromView(state.payload, state.view), ...extra });
  // Commas are allowed in a query (RFC 3986) and read better in a pasted link.
  const search = query.toString().replaceAll("%2C", ",");
  return search ? `${base}?${search}` : base;
}

/** The view in a few words: the iframe's title and the PNG's heading. */
function viewTitle(state) {
  const { payload, view } = state;
  const step = currentStep(state);
  if (view.country) return `${payload.title}: map of ${payload.names[view.country]}`;
  if (step) return `${payload.title}: ${step.title}`;
  return `${payload.title}: world map`;
}

/** A short alt text for the view, for a newsroom that publishes the PNG or the embed. */
function altText(state) {
  const { payload, view } = state;
  const step = currentStep(state);
  const names = (codes) => codes.map((code) => payload.names[code]).join(", ");
  let where;
  if (view.country) {
    where = `Map of ${payload.names[view.country]}, outlined, from “${payload.title}”.`;
  } else if (step) {
    const outlined = step.countries.length ? ` ${names(step.countries)} outlined.` : "";
    where = `Map for “${step.title}”, a step of “${payload.title}”.${outlined}`;
  } else {
    where = `World map for “${payload.title}”. ${payload.describe}`;
  }
  const shown = payload.layers.filter((l) => view.layers.includes(l.id));
  const when = view.year === null ? "today" : view.year;
  const also = shown.length
    ? ` Also drawn: ${shown.map((l) => l.label.toLowerCase()).join(", ")}, as of ${when}.`
    : "";
  return where + also;
}

function creditLine(payload) {
  // The publisher first: a narrow frame cuts the line's end, never the original's name.
  const from = payload.publisher ? `Retold from ${payload.publisher} · ` : "";
  return `${from}Belt and Road explainer`;
}

// ---------------------------------------------------------------- embed mode

const EMBED_GAP = 6; // px between the map, the card or text, and the credit
const EMBED_MIN_EXTRA = 110; // px the card or text keeps under the map
const EMBED_BESIDE = 760; // px: from this width the card or text sits beside the map
const EMBED_MAX_MAP = 560; // px: a map as tall as its content allows stops here
const EMBED_BOTTOM = 4; // px under the credit, in the height the view posts
const PYM = "xPYMx"; // pym.js's delimiter: "pym" xPYMx id xPYMx type xPYMx value

/**
 * How the embed is sized: "frame" fits the frame it is given (a plain iframe, 450 px);
 * "content" is as tall as its content, which it posts to its host page. A host says it will
 * size the frame (our embed-parent.js, or pym.js) and the embed turns to "content"; the
 * AMP snippet asks for it in its address (?fit=content), pym.js's with ?childId=.
 */
function embedSizing(search) {
  const params = new URLSearchParams(search);
  const content = params.get("fit") === "content" || params.has("childId");
  return { fit: content ? "content" : "frame", id: params.get("childId") || "bri-embed" };
}

function buildEmbed(state) {
  const frame = el("div", { class: "bri-embed-frame" });
  state.root.classList.add("bri-embedded");
  state.words.classList.add("bri-visually-hidden");
  state.embedFrame = frame;
  const sizing = embedSizing(window.location.search);
  state.embedFit = sizing.fit;
  state.embedId = sizing.id;
  state.embedPosted = null;
  state.embedExtra = el("div", { class: "bri-embed-extra" });
  state.embedNote = el("section", { class: "bri-embed-note", "aria-live": "polite" });
  if (embedShows(state, "text")) state.embedExtra.append(state.text);
  else if (embedShows(state, "card")) state.embedExtra.append(state.card, state.embedNote);
  const foot = el("footer", { class: "bri-embed-foot" });
  const credit = creditLine(state.payload);
  const links = el("p", { class: "bri-embed-links" });
  state.embedSources = el("a", { target: "_blank", rel: "noopener" }, "Data sources");
  state.embedOpen = el(
    "a",
    { class: "bri-embed-open", target: "_blank", rel: "noopener" },
    "Open the full explainer",
  );
  links.append(state.embedSources, " · ", state.embedOpen);
  foot.append(el("p", { class: "bri-embed-credit", title: credit }, credit), links);
  state.embedFoot = foot;
  frame.append(state.map, state.words);
  if (state.embed.show !== "map") frame.append(state.embedExtra);
  frame.append(foot);
  return frame;
}

/** What the embed says beside the map when no country is picked: the step, or the story. */
function renderEmbed(state) {
  const step = currentStep(state);
  const note = state.embedNote;
  note.hidden = Boolean(state.view.country);
  note.replaceChildren(
    el("h3", { class: "bri-card-title" }, step ? step.title : state.payload.title),
    el("p", {}, step ? step.caption : state.payload.describe),
  );
  const full = viewUrl(state);
  state.embedOpen.href = full;
  state.embedOpen.title = `${viewTitle(state)} (opens in a new tab)`;
  state.embedSources.href = `${full}#get-the-data`;
  fitEmbed(state);
}

/**
 * Size the embed to its frame: the map as large as fits, the card or text in what is
 * left (scrolling inside its own box), the credit last. Returns true when the map's height
 * changed.
 */
function fitEmbed(state) {
  const frame = state.embedFrame;
  const top = Math.max(0, frame.getBoundingClientRect().top);
  const content = state.embedFit === "content"; // as tall as it needs, with no frame to fill
  const height = content ? Infinity : Math.max(200, Math.floor(window.innerHeight - top - 4));
  frame.style.height = content ? "" : `${height}px`;
  const width = frame.clientWidth || state.root.clientWidth || 600;
  const extra = state.embed.show !== "map";
  const beside = extra && width >= EMBED_BESIDE;
  frame.dataset.layout = !extra ? "map" : beside ? "beside" : "below";
  const foot = state.embedFoot.offsetHeight + EMBED_GAP;
  const mapWidth = beside ? width - Math.min(352, Math.max(240, width * 0.34)) - 12 : width;
  // No taller than the map's own shape at this width: plotly would only add empty bands.
  let map = Math.min(height - foot, Math.round(mapWidth * 0.6));
  if (extra && !beside) map = Math.min(map, height - foot - EMBED_MIN_EXTRA);
  map = Math.max(140, Math.floor(content ? Math.min(map, EMBED_MAX_MAP) : map));
  // As tall as its content, the story's text (all of it) and a card beside the map still
  // scroll in their own box; a card under the map is shown whole.
  const box = beside ? map : embedShows(state, "text") ? Math.round(map * 0.8) : null;
  state.embedExtra.style.maxHeight = content && box ? `${Math.max(EMBED_MIN_EXTRA, box)}px` : "";
  const changed = map !== state.embedMapHeight;
  state.embedMapHeight = map;
  frame.style.setProperty("--bri-embed-map", `${map}px`);
  return changed;
}

/** The embed's height on its page: the top of the page to the foot of its credit. */
function embedHeight(state) {
  const bottom = state.embedFrame.getBoundingClientRect().bottom;
  const scrolled = (document.scrollingElement || document.documentElement).scrollTop;
  return Math.ceil(bottom + scrolled + EMBED_BOTTOM);
}

/**
 * Tell the host page the embed's height, in the forms its tools read: pym.js's string, AMP's
 * embed-size, Datawrapper's object and ours (embed-parent.js), which also says how the embed
 * is sized. Sent when it changes, to any origin: a height is no secret, and the host is
 * whichever page framed us.
 */
function postEmbedSize(state) {
  const host = window.parent;
  if (!host || host === window) return;
  const height = embedHeight(state);
  const fit = state.embedFit;
  const last = state.embedPosted;
  if (last && last.height === height && last.fit === fit) return;
  state.embedPosted = { height, fit };
  const id = state.embedId;
  host.postMessage({ type: "bri-embed-size", id, height, fit }, "*");
  if (fit !== "content") return; // a frame's own height is news to no one
  host.postMessage(["pym", id, "height", String(height)].join(PYM), "*");
  host.postMessage({ sentinel: "amp", type: "embed-size", height }, "*");
  host.postMessage({ "datawrapper-height": { [id]: height } }, "*");
}

/** A host page that will size the frame says so: ours ({type: "bri-embed-parent"}), or pym.js
 * (the width it sends its child). The embed is then as tall as its content. */
function onEmbedHost(state, event, refit) {
  if (event.source !== window.parent || window.parent === window) return;
  const data = event.data;
  const pym = typeof data === "string" ? data.split(PYM) : null;
  if (pym && pym.length === 4 && pym[0] === "pym" && pym[2] === "width") state.embedId = pym[1];
  else if (!data || data.type !== "bri-embed-parent") return;
  state.embedPosted = null; // a host that says so now may have missed what was sent before
  state.embedFit = "content";
  refit(0);
}

/** Refit the embed when its frame is resized, post its height when that changes; returns the
 * function that stops watching. */
function watchEmbedSize(state) {
  let timer = null;
  const refit = (delay = 100) => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const drawn = state.map.classList.contains("js-plotly-plot");
      if (fitEmbed(state) && drawn) window.Plotly.relayout(state.map, { height: state.embedMapHeight });
      postEmbedSize(state);
    }, delay);
  };
  const onResize = () => refit();
  const onMessage = (event) => onEmbedHost(state, event, refit);
  window.addEventListener("resize", onResize);
  window.addEventListener("message", onMessage);
  const observer = new ResizeObserver(() => refit());
  observer.observe(state.root);
  // What grows or shrinks inside (a card opened, plotly's first draw) is posted at once.
  const grown = new ResizeObserver(() => postEmbedSize(state));
  grown.observe(state.embedFrame);
  return () => {
    clearTimeout(timer);
    window.removeEventListener("resize", onResize);
    window.removeEventListener("message", onMessage);
    observer.disconnect();
    grown.disconnect();
  };
}

/** Scroll the embed's text (inside its own box, never the host page) to what the view marks. */
function revealInEmbed(state) {
  const box = state.embedExtra;
  if (!box || !embedShows(state, "text")) {
    if (box) box.scrollTop = 0;
    return;
  }
  const step = currentStep(state);
  const target =
    state.text.querySelector(".bri-passage[data-marked]") ||
    (step && state.text.querySelector(`[data-passage="${step.passages[0]}"]`));
  box.scrollTop = target ? target.offsetTop - box.offsetTop - 4 : 0;
}

// ---------------------------------------------------------------- share and embed

function buildShare(state) {
  const id = (name) => `${state.id}-share-${name}`;
  const box = el("details", { class: "bri-share" });
  box.append(el("summary", {}, "Share and embed"));
  const body = el("div", { class: "bri-share-body" });
  state.shareUrl = el("input", { id: id("url"), type: "text", readonly: "", spellcheck: "false" });
  const copyUrl = el("button", { type: "button", class: "bri-button" }, "Copy link");
  copyUrl.addEventListener("click", () => copyText(state, state.shareUrl, "Copied the link"));
  const urlRow = el("div", { class: "bri-share-row" });
  urlRow.append(state.shareUrl, copyUrl);

  state.shareShow = el("select", { id: id("show") });
  const labels = { map: "the map only", "map,card": "the map and the card", "map,text": "the map and the text" };
  for (const choice of SHOW_CHOICES) state.shareShow.append(el("option", { value: choice }, labels[choice]));
  state.shareShow.value = DEFAULT_SHOW;
  state.shareShow.addEventListener("change", () => renderShare(state));
  const showRow = el("div", { class: "bri-share-show" });
  showRow.append(el("label", { for: id("show") }, "The embed shows "), state.shareShow);
  state.shareForm = el("select", { id: id("form") });
  for (const [form, label] of SNIPPET_FORMS) state.shareForm.append(el("option", { value: form }, label));
  state.shareForm.addEventListener("change", () => renderShare(state));
  const formRow = el("div", { class: "bri-share-show" });
  formRow.append(el("label", { for: id("form") }, "For "), state.shareForm);

  state.shareCode = el("textarea", { id: id("code"), readonly: "", rows: "4", spellcheck: "false" });
  const copyCode = el("button", { type: "button", class: "bri-button" }, "Copy embed code");
  copyCode.addEventListener("click", () => copyText(state, state.shareCode, "Copied the embed code"));

  state.shareAlt = el("p", { class: "bri-share-alt", id: id("alt") });
  const png = el("button", { type: "button", class: "bri-button" }, "Download PNG");
  png.addEventListener("click", () => downloadPng(state));
  const pngNote = el("span", { class: "bri-share-note" }, "2400 × 1350 px, for print and social");
  const pngRow = el("div", { class: "bri-share-row" });
  pngRow.append(png, pngNote);

  state.shareStatus = el("p", { class: "bri-share-status", role: "status", "aria-live": "polite" });
  body.append(
    el("label", { for: id("url") }, "Link to this view"),
    urlRow,
    el("label", { for: id("code") }, "Embed code for your page"),
    showRow,
    formRow,
    state.shareCode,
    copyCode,
    el("h3", { class: "bri-share-heading" }, "Alt text"),
    state.shareAlt,
    pngRow,
    state.shareStatus,
  );
  box.append(body);
  state.share = box;
  return box;
}

/** The iframe a newsroom pastes, every value escaped for an HTML attribute. */
export function iframeSnippet(src, title) {
  const attr = (value) =>
    String(value).replaceAll("&", "&amp;").replaceAll('"', "&quot;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll("'", "&#x27;");
  return (
    `<iframe src="${attr(src)}" title="${attr(title)}" width="100%" height="${EMBED_HEIGHT}" ` +
    'loading="lazy" style="border:0"></iframe>'
  );
}

const SNIPPET_FORMS = [
  ["responsive", "a page that runs scripts (the frame takes the view's height)"],
  ["iframe", "a page without scripts (an iframe 450 px tall)"],
  ["amp", "an AMP page (amp-iframe)"],
];

/**
 * The embed code in one of its forms (SNIPPET_FORMS), as explainers/embed.py writes it:
 * "responsive", the iframe and our parent script (where scripts are stripped, a plain
 * iframe), with the view's picture in <noscript> when it has one; "iframe"; "amp".
 * code: {src, title, script (embed-parent.js's address), image, alt}.
 */
export function embedSnippet(form, code) {
  const attr = (value) =>
    String(value).replaceAll("&", "&amp;").replaceAll('"', "&quot;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll("'", "&#x27;");
  const title = attr(code.title);
  if (form === "amp") {
    const [base, ...hash] = code.src.split("#");
    const src = `${base}${base.includes("?") ? "&" : "?"}fit=content${hash.length ? `#${hash.join("#")}` : ""}`;
    const placeholder = code.image
      ? `<amp-img placeholder layout="fill" src="${attr(code.image)}" alt="${attr(code.alt)}"></amp-img>`
      : `<p placeholder>${title}</p>`;
    return (
      `<amp-iframe src="${attr(src)}" title="${title}" height="${EMBED_HEIGHT}" layout="fixed-height" resizable ` +
      'sandbox="allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox" frameborder="0">' +
      `<button overflow type="button">Show the whole map</button>${placeholder}</amp-iframe>`
    );
  }
  const frame = iframeSnippet(code.src, code.title);
  if (form !== "responsive") return frame;
  const picture = code.image
    ? `<noscript><img src="${attr(code.image)}" alt="${attr(code.alt)}" width="1200" height="630" ` +
      'style="max-width:100%;height:auto"></noscript>'
    : "";
  return (
    frame.replace("></iframe>", " data-bri-embed></iframe>") +
    picture +
    `<script src="${attr(code.script)}" async></script>`
  );
}

/** The view's picture, if the page has one for it (an exported page: its own view's). */
function viewPicture(state) {
  const preview = state.options.preview;
  if (!preview || !preview.src) return null;
  const search = new URLSearchParams(queryFromView(state.payload, state.view)).toString();
  return search === new URLSearchParams(preview.query || "").toString()
    ? new URL(preview.src, document.baseURI).href
    : null;
}

function renderShare(state) {
  state.shareUrl.value = viewUrl(state);
  const src = viewUrl(state, { embed: "true", show: state.shareShow.value });
  const alt = altText(state);
  state.shareCode.value = embedSnippet(state.shareForm.value, {
    src,
    title: viewTitle(state),
    script: new URL(`${state.options.assets}embed-parent.js`, document.baseURI).href,
    image: viewPicture(state),
    alt,
  });
  state.shareAlt.textContent = alt;
}

function say(state, words) {
  state.shareStatus.textContent = "";
  // A fresh text node each time, so a screen reader announces a repeated "Copied" too.
  setTimeout(() => {
    state.shareStatus.textContent = words;
  }, 50);
}

function copyText(state, field, done) {
  const fallback = () => {
    field.focus();
    field.select();
    say(state, "Selected: press Ctrl+C (or ⌘C) to copy");
  };
  if (!navigator.clipboard || !window.isSecureContext) {
    fallback();
    return;
  }
  navigator.clipboard.writeText(field.value).then(() => say(state, done), fallback);
}

function fileName(state) {
  const { payload, view } = state;
  const step = currentStep(state);
  const what = view.country ? payload.names[view.country] : step ? step.id : "world";
  const slug = `belt-and-road-${what}${view.year === null ? "" : `-${view.year}`}`;
  return slug.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/-+$/, "");
}

/** The map as a PNG, drawn by plotly.js in the browser, with its title and credit. */
function downloadPng(state) {
  if (!window.Plotly || !state.map.classList.contains("js-plotly-plot")) {
    say(state, "The map is still loading; try again in a moment");
    return;
  }
  const width = 1200;
  const height = 675;
  const { data, layout } = figureFor(state);
  const credit = `${creditLine(state.payload)}. Shapes: Natural Earth.`;
  const figure = {
    data,
    layout: {
      ...layout,
      width,
      height,
      margin: { l: 10, r: 10, t: 56, b: 34 },
      paper_bgcolor: "#ffffff",
      title: {
        text: plotlyText(viewTitle(state)),
        x: 0.01,
        xanchor: "left",
        font: { size: 20 },
      },
      annotations: [
        {
          text: plotlyText(credit),
          showarrow: false,
          xref: "paper",
          yref: "paper",
          x: 0,
          y: 0,
          xanchor: "left",
          yanchor: "top",
          yshift: -8,
          font: { size: 12, color: "#4d4d4d" },
        },
      ],
    },
    config: { ...state.config, responsive: false },
  };
  say(state, "Drawing the PNG…");
  window.Plotly.toImage(figure, { format: "png", width, height, scale: 2 })
    .then((url) => {
      const link = el("a", { href: url, download: `${fileName(state)}.png` });
      document.body.append(link);
      link.click();
      link.remove();
      say(state, `Downloaded ${fileName(state)}.png`);
    })
    .catch((error) => say(state, `The PNG could not be drawn: ${error.message}`));
}

// ---------------------------------------------------------------- building the viewer

function buildSteps(state) {
  const box = el("section", { class: "bri-steps", "aria-label": "Guided story" });
  const head = el("div", { class: "bri-steps-head" });
  state.prev = el("button", { type: "button", class: "bri-button" }, "Previous");
  state.next = el("button", { type: "button", class: "bri-button bri-primary" }, "Next");
  state.stepCount = el("p", { class: "bri-step-count", "aria-live": "polite" });
  head.append(state.prev, state.stepCount, state.next);
  state.stepTitle = el("h2", { class: "bri-step-title" });
  state.stepCaption = el("p", { class: "bri-step-caption", id: `${state.id}-caption` });
  // On a phone the box is pinned under the map with two lines of the caption; this opens it.
  const more = el("button", {
    type: "button",
    class: "bri-link bri-step-more",
    "aria-controls": `${state.id}-caption`,
    "aria-expanded": "false",
  }, "Read all of the step");
  state.stepMore = more;
  more.addEventListener("click", () => {
    const open = box.toggleAttribute("data-caption-open");
    more.setAttribute("aria-expanded", String(open));
    more.textContent = open ? "Show less" : "Read all of the step";
    notePinned(state);
  });
  const all = el("details", { class: "bri-step-list" });
  all.append(el("summary", {}, "All steps"));
  all.addEventListener("toggle", () => notePinned(state));
  state.stepList = el("ol");
  state.payload.steps.forEach((step, index) => {
    const button = el("button", { type: "button", class: "bri-link" }, step.title);
    button.dataset.step = step.id;
    button.addEventListener("click", () => goToStep(state, index));
    const item = el("li");
    item.append(button);
    state.stepList.append(item);
  });
  all.append(state.stepList);
  box.append(head, state.stepTitle, state.stepCaption, more, all);
  const index = () => state.payload.steps.findIndex((s) => s.id === state.view.step);
  state.prev.addEventListener("click", () => goToStep(state, index() - 1));
  state.next.addEventListener("click", () => goToStep(state, index() + 1));
  state.stepsBox = box;
  return box;
}

function buildControls(state) {
  const { payload } = state;
  const box = el("div", { class: "bri-controls" });
  const pickerId = `${state.id}-picker`;
  const pickerRow = el("div", { class: "bri-control" });
  pickerRow.append(el("label", { for: pickerId }, "Pick a country (or click one on the map)"));
  state.picker = el("select", { id: pickerId });
  state.picker.append(el("option", { value: "" }, "— the whole story —"));
  const story = el("optgroup", { label: "In the story" });
  for (const code of payload.storyCountries) {
    story.append(el("option", { value: code }, payload.names[code]));
  }
  const rest = el("optgroup", { label: "All countries" });
  const others = Object.keys(payload.names).filter((c) => !payload.storyCountries.includes(c));
  others.sort((a, b) => payload.names[a].localeCompare(payload.names[b]));
  for (const code of others) rest.append(el("option", { value: code }, payload.names[code]));
  state.picker.append(story, rest);
  state.picker.addEventListener("change", () =>
    pick(state, { country: state.picker.value || null, from: "map" }),
  );
  pickerRow.append(state.picker);

  const layers = el("fieldset", { class: "bri-control bri-layers" });
  layers.append(el("legend", {}, "Map layers"));
  state.layerBoxes = payload.layers.map((layer) => {
    const label = el("label", { title: layer.help });
    const box = el("input", { type: "checkbox", value: layer.id });
    box.addEventListener("change", () => {
      const chosen = state.layerBoxes.filter((b) => b.checked).map((b) => b.value);
      apply(state, { ...state.view, layers: chosen }, { push: true, from: "control" });
    });
    label.append(box, ` ${layer.label}`);
    layers.append(label);
    return box;
  });

  const yearId = `${state.id}-year`;
  const yearRow = el("div", { class: "bri-control bri-year" });
  const [first, last] = payload.years;
  yearRow.append(el("label", { for: yearId }, "Projects and partners as of "));
  state.yearOut = el("output", { for: yearId });
  yearRow.firstChild.append(state.yearOut);
  state.year = el("input", { type: "range", id: yearId, min: first, max: last + 1, step: 1 });
  const yearOf = () => (Number(state.year.value) > last ? null : Number(state.year.value));
  state.year.addEventListener("input", () =>
    apply(state, { ...state.view, year: yearOf() }, { from: "control" }),
  );
  state.year.addEventListener("change", () =>
    apply(state, { ...state.view, year: yearOf() }, { push: true, from: "year" }),
  );
  yearRow.append(state.year);
  box.append(pickerRow, layers, yearRow);
  const facets = buildFacetFilters(state);
  if (facets) box.append(facets);
  return box;
}

function build(root, state) {
  root.replaceChildren();
  root.classList.add("bri-viewer");
  const body = el("div", { class: "bri-body" });
  const side = el("div", { class: "bri-side" });
  state.map = el("div", { class: "bri-map", role: "region", "aria-label": "Map" });
  state.words = el("p", { class: "bri-words", "aria-live": "polite" });
  state.card = el("section", {
    class: "bri-card",
    "aria-live": "polite",
    "aria-labelledby": `${state.id}-card-title`,
  });
  state.card.hidden = true;
  state.legend = buildLegend(state);
  state.tableBox = el("details", { class: "bri-table" });
  state.tableBox.append(el("summary", {}, "The map as a table"));
  state.tableBody = el("div", { class: "bri-table-body" });
  state.tableBox.append(state.tableBody);
  state.tableBox.addEventListener("toggle", () => state.tableBox.open && renderTable(state));
  state.layerNote = el("p", { class: "bri-layer-note", "aria-live": "polite" });
  state.layerNote.hidden = true;
  // Beside the story the column is the screen's height: the map, then what scrolls in it.
  state.side = side;
  state.sideRest = el("div", { class: "bri-side-rest" });
  side.append(state.map, state.sideRest);
  state.sideRest.append(state.layerNote, state.card, state.legend, state.words, state.tableBox);
  if (!state.embed) state.sideRest.append(buildShare(state));
  state.sideRest.append(buildControls(state));
  state.text = el("section", { class: "bri-text", "aria-label": "The story" });
  for (const passage of state.payload.passages) state.text.append(passageNode(passage));
  state.text.addEventListener("click", (event) => {
    const button = event.target.closest("button.bri-mention");
    if (button) onMentionClick(state, button);
  });
  const steps = buildSteps(state);
  if (state.embed) {
    // The embed shows the map, the card or the text, and a credit; the steps, controls,
    // key and table are built (the view updates them) but not put on the page.
    root.append(buildEmbed(state));
    return;
  }
  state.sideRest.prepend(steps); // the step's caption beside the map that it moves
  body.append(side, state.text);
  const frame = el("div", { class: "bri-frame" });
  frame.append(body);
  root.append(frame);
}

function onKey(state, event) {
  if (event.altKey || event.ctrlKey || event.metaKey || !state.payload.steps.length) return;
  if (state.embed) return; // an embed shows no steps to walk
  if (event.key !== "ArrowLeft" && event.key !== "ArrowRight") return;
  const target = event.target;
  const typing = target.closest && target.closest("input, textarea, select, [contenteditable]");
  if (typing || (target.closest && target.closest(".js-plotly-plot"))) return;
  const index = state.payload.steps.findIndex((s) => s.id === state.view.step);
  event.preventDefault();
  goToStep(state, event.key === "ArrowRight" ? index + 1 : index - 1);
}

/**
 * Say in the map's place, as text, that it cannot be drawn and why (plotly.js or the
 * country shapes failed to load): a blank map tells a reader nothing. The story, its
 * steps and the cards still work beside it.
 */
function showMapError(state, error) {
  const message = el("p", { class: "bri-error", role: "alert" });
  message.textContent =
    `The map cannot be drawn: ${error.message}. The story and its steps still work.`;
  state.map.replaceChildren(message);
}

let viewers = 0;

/**
 * Draw ``payload`` into ``root`` and keep it linked.
 * options.assets: the folder URL holding world_50m.json and the vendored plotly.js;
 * options.onView(query): told of every pick (Streamlit writes it to st.query_params);
 * options.history: "page" (the viewer writes the URL) or "host" (onView's host does);
 * options.embed: {show: "map" | "map,card" | "map,text"} for the compact embed layout,
 * null for the full viewer; left out, the URL decides (?embed=true&show=..., embedFromQuery).
 * Returns {destroy()}.
 */
export function mount(root, payload, options = {}) {
  performance.mark("bri-mount");
  viewers += 1;
  const state = {
    id: `bri${viewers}`,
    root,
    payload,
    options: { assets: "", history: "page", onView: () => {}, ...options },
    view: viewFromQuery(payload, window.location.search),
    focus: null,
    frames: 0,
    layer: { trace: undefined, kept: null, drawn: null, frame: null, timer: null },
    timings: [],
    lastPush: { from: null, at: 0 },
  };
  state.embed =
    state.options.embed === undefined ? embedFromQuery(window.location.search) : state.options.embed;
  state.config = { ...payload.config, topojsonURL: state.options.assets, responsive: true };
  build(root, state);
  const onPop = () => apply(state, viewFromQuery(payload, window.location.search));
  const onKeyDown = (event) => onKey(state, event);
  window.addEventListener("popstate", onPop);
  document.addEventListener("keydown", onKeyDown);
  const unfit = state.embed ? watchEmbedSize(state) : watchPageSize(state);
  const unread = watchReading(state);
  apply(state, state.view);
  const shapes = `world_${payload.figure.layout.geo.resolution || 110}m`;
  const preloaded = window.PlotlyGeoAssets && window.PlotlyGeoAssets.topojson[shapes];
  Promise.all([
    loadPlotly(state.options.assets + payload.plotly),
    preloaded || loadShapes(`${state.options.assets}${shapes}.json`, shapes),
  ])
    .then(() => draw(state))
    .then(() => {
      watchMapClicks(state);
      state.map.on("plotly_relayout", (event) => onRelayout(state, event));
      state.map.on("plotly_afterplot", () => placeLabels(state)); // the reader's own pan and zoom
      root.dataset.ready = "true";
      if (state.embed) revealInEmbed(state);
      if (state.view.country) {
        const first = state.text.querySelector(".bri-passage[data-marked]");
        if (first) first.classList.add("bri-first");
      }
    })
    .catch((error) => showMapError(state, error));
  root.briViewer = state;
  return {
    state,
    destroy() {
      window.removeEventListener("popstate", onPop);
      document.removeEventListener("keydown", onKeyDown);
      unfit();
      unread();
      clearTimeout(state.layer.timer);
      if (window.Plotly && state.map.classList.contains("js-plotly-plot")) window.Plotly.purge(state.map);
      root.replaceChildren();
    },
  };
}

// ---------------------------------------------------------------- Streamlit

let seq = 0;

/** Start fetching plotly.js and the shapes before the payload arrives. */
export function preload(assets, plotly, shapes) {
  // Failures are shown by the viewer that waits for these, in its map.
  loadPlotly(assets + plotly).catch(() => null);
  loadShapes(`${assets}${shapes}.json`, shapes).catch(() => null);
}

/**
 * The Streamlit component (st.components.v2): draws the payload it is given, once.
 * Given ``{preload: {plotly, shapes}}`` instead, it only starts those downloads: the page
 * mounts it first, so they overlap the payload's arrival.
 */
export default function streamlitViewer(component) {
  const { data, parentElement, setStateValue } = component;
  const payload = typeof data === "string" ? JSON.parse(data) : data;
  if (payload && payload.preload) {
    preload("app/static/", payload.preload.plotly, payload.preload.shapes);
    return undefined;
  }
  let root = parentElement.querySelector(":scope > .bri-root");
  if (!root) {
    root = el("div", { class: "bri-root" });
    parentElement.append(root);
  }
  if (root.briMounted && root.briMounted.state.payload.key === payload.key) return undefined;
  if (root.briMounted) root.briMounted.destroy();
  if (payload.embed) {
    // An embed is the whole page: Streamlit's own top padding (2.35rem in its embed mode)
    // would push the map down a small iframe.
    const main = parentElement.closest('[data-testid="stMainBlockContainer"]');
    if (main) main.style.paddingTop = "0.5rem";
  }
  root.briMounted = mount(root, payload, {
    assets: "app/static/",
    history: "host",
    embed: payload.embed || null, // Python reads ?embed= and ?show= (explainers/view.py)
    onView: (query) => {
      seq += 1;
      setStateValue("view", { query, seq });
    },
  });
  return () => {
    root.briMounted.destroy();
    root.briMounted = null;
  };
}
