// The thucydides page: the actor network, the dyad series, events, quotes and documents, drawn
// from the store's JSON API with plain DOM and hand-drawn SVG. No build step, no libraries.
"use strict";

const SVG_NS = "http://www.w3.org/2000/svg";
const EVENTS_PAGE_SIZE = 50;
const MERGED_SIZE = 200; // an actor filter joins two queries (as source, as target), each one page (the API's largest) long
const QUADS = [
  { key: "q1", label: "Q1 verbal cooperation", css: "q1" },
  { key: "q2", label: "Q2 material cooperation", css: "q2" },
  { key: "q3", label: "Q3 verbal conflict", css: "q3" },
  { key: "q4", label: "Q4 material conflict", css: "q4" },
];
const MODALITY_NOTES = {
  asserted: "happened, as the text says",
  reported: "someone reports it",
  alleged: "a claim, not a fact",
  negated: "did not happen",
  hypothetical: "may, could, if",
  future: "will, plans to",
};

const state = {
  from: "",
  to: "",
  level: "country",
  modality: "asserted",
  filter: null, // {kind: "node", code} or {kind: "edge", source, target}
  by: "month",
  measure: "quad",
  eventsPage: 1,
  docsPage: 1,
  docsQuery: "",
  labels: new Map(), // code -> name, from /network answers and the /actors of no country ("---MIL" -> "unknown country (military)")
};

// Each panel keeps the number of its latest request, so a slow old answer never overwrites a new one.
const latest = { network: 0, chart: 0, events: 0, quotes: 0, docs: 0, doc: 0 };

const $ = (testid) => document.querySelector(`[data-testid="${testid}"]`);

// --- the API ------------------------------------------------------------------------------

class ApiError extends Error {}

async function api(path, params = {}) {
  const url = new URL(path, window.location.origin);
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== "") url.searchParams.set(name, value);
  }
  let response;
  try {
    response = await fetch(url, { headers: { Accept: "application/json" } });
  } catch (err) {
    throw new ApiError(`cannot reach the server for ${path} (${err.message})`);
  }
  let body = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (!response.ok) {
    const error = body && body.error;
    if (error && error.message) {
      const where = error.parameter ? ` (parameter: ${error.parameter})` : "";
      throw new ApiError(`${error.message}${where}`);
    }
    throw new ApiError(`${path}: the server answered ${response.status} ${response.statusText}`);
  }
  if (body === null) throw new ApiError(`${path}: the answer is not JSON`);
  return body;
}

function showError(testid, error) {
  const box = $(testid);
  if (!error) {
    box.hidden = true;
    box.textContent = "";
    return;
  }
  box.hidden = false;
  box.textContent = `Error: ${error.message || error}`;
}

// --- small DOM helpers --------------------------------------------------------------------

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  setAttributes(node, attributes);
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

function svg(tag, attributes = {}, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  setAttributes(node, attributes);
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

function setAttributes(node, attributes) {
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "class") node.setAttribute("class", value);
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? "" : String(value));
  }
}

// An SVG shape that acts as a button: focusable, Enter and Space press it.
function pressable(node, label, action) {
  node.setAttribute("role", "button");
  node.setAttribute("tabindex", "0");
  node.setAttribute("aria-label", label);
  node.addEventListener("click", action);
  node.addEventListener("keydown", (event) => {
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      action();
    }
  });
  node.append(svg("title", {}, label));
  return node;
}

function badge(modality) {
  const name = modality || "unknown";
  return el(
    "span",
    { class: `badge m-${name}`, "data-testid": "modality-badge", title: MODALITY_NOTES[name] || "" },
    name,
  );
}

function summaryLine(summary) {
  if (!summary) return "";
  const reasons = [
    ["other_modality", "of other modalities"],
    ["one_sided", "with one side only (no source or no target in the text)"],
    ["no_dyad", "with no source or target at this level"],
    ["undated", "with no date"],
    ["unreadable", "with an unreadable date"],
    ["too_coarse", "dated too coarsely for the period"],
    ["straddling", "dated across the window's edge"],
  ];
  const left = reasons.filter(([key]) => summary[key]).map(([key, why]) => `${summary[key]} ${why}`);
  return `counted ${summary.counted ?? 0} events` + (left.length ? `; left out ${left.join(", ")}` : "");
}

function plural(count, word) {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

// A code as the page shows it: the code itself (PAK, PAKGOV), except a role named with no
// country ("---MIL"), whose code names no one: it is shown by its name, "unknown country (military)".
function shownCode(code) {
  if (!code) return code;
  return code.startsWith("---") && state.labels.has(code) ? state.labels.get(code) : code;
}

// The code and its name, for tooltips: "PAKGOV Pakistan (government)".
function describedCode(code) {
  const name = state.labels.get(code);
  return name && name !== code ? `${code} ${name}` : code;
}

// --- the filter ---------------------------------------------------------------------------

function filterText(filter) {
  if (!filter) return "";
  return filter.kind === "node"
    ? `${shownCode(filter.code)} (as source or target)`
    : `${shownCode(filter.source)} → ${shownCode(filter.target)}`;
}

function setFilter(filter) {
  state.filter = filter;
  state.eventsPage = 1;
  const chip = $("filter-chip");
  if (filter) {
    const shown = filter.kind === "node" ? shownCode(filter.code) : `${shownCode(filter.source)} → ${shownCode(filter.target)}`;
    chip.textContent = `filter: ${shown} ×`;
    chip.setAttribute("aria-label", `Clear the filter ${filterText(filter)}`);
    chip.hidden = false;
    $("no-filter").hidden = true;
  } else {
    chip.hidden = true;
    $("no-filter").hidden = false;
  }
  markSelection();
  loadChart();
  loadEvents();
  loadQuotes();
}

// Parties of an item (an event, a dyad) at the chosen level: a country code or an actor code.
function involves(filter, source, target) {
  if (!filter) return true;
  const matches = (code, wanted) => Boolean(code) && code.startsWith(wanted);
  if (filter.kind === "node") return matches(source, filter.code) || matches(target, filter.code);
  return matches(source, filter.source) && matches(target, filter.target);
}

// --- the network --------------------------------------------------------------------------

async function loadNetwork() {
  const ticket = ++latest.network;
  showError("network-error", null);
  let network;
  try {
    network = await api("/network", { from: state.from, to: state.to, level: state.level, modality: state.modality });
  } catch (error) {
    if (ticket !== latest.network) return;
    showError("network-error", error);
    $("network-note").textContent = "";
    $("node-list").replaceChildren();
    $("network").replaceChildren(svg("text", { x: 280, y: 210, class: "empty" }, "the network could not be loaded"));
    $("network").setAttribute("data-state", "error");
    return;
  }
  if (ticket !== latest.network) return;
  drawNetwork(network);
}

function layout(nodes, edges, width, height) {
  // A circle in code order, then a few Fruchterman-Reingold steps: the same data gives the same picture.
  const count = nodes.length;
  const cx = width / 2;
  const cy = height / 2;
  const radius = Math.min(width, height) / 2 - 60;
  const place = new Map();
  nodes.forEach((node, i) => {
    const angle = (2 * Math.PI * i) / Math.max(count, 1) - Math.PI / 2;
    place.set(node.code, { x: cx + (count > 1 ? radius * Math.cos(angle) : 0), y: cy + (count > 1 ? radius * Math.sin(angle) : 0) });
  });
  if (count < 3) return place;
  const k = 0.8 * Math.sqrt((width * height) / count);
  let temperature = width / 10;
  for (let step = 0; step < 120; step++) {
    const shift = new Map(nodes.map((node) => [node.code, { x: 0, y: 0 }]));
    for (let i = 0; i < count; i++) {
      for (let j = i + 1; j < count; j++) {
        const a = place.get(nodes[i].code);
        const b = place.get(nodes[j].code);
        const dx = a.x - b.x || 0.01;
        const dy = a.y - b.y || 0.01;
        const distance = Math.max(Math.hypot(dx, dy), 1);
        const push = (k * k) / distance;
        shift.get(nodes[i].code).x += (dx / distance) * push;
        shift.get(nodes[i].code).y += (dy / distance) * push;
        shift.get(nodes[j].code).x -= (dx / distance) * push;
        shift.get(nodes[j].code).y -= (dy / distance) * push;
      }
    }
    for (const edge of edges) {
      if (edge.source === edge.target) continue;
      const a = place.get(edge.source);
      const b = place.get(edge.target);
      if (!a || !b) continue;
      const dx = a.x - b.x;
      const dy = a.y - b.y;
      const distance = Math.max(Math.hypot(dx, dy), 1);
      const pull = (distance * distance) / k;
      shift.get(edge.source).x -= (dx / distance) * pull;
      shift.get(edge.source).y -= (dy / distance) * pull;
      shift.get(edge.target).x += (dx / distance) * pull;
      shift.get(edge.target).y += (dy / distance) * pull;
    }
    for (const node of nodes) {
      const p = place.get(node.code);
      const d = shift.get(node.code);
      // A weak pull to the middle keeps unconnected parts from drifting to the edges.
      d.x += (cx - p.x) * 0.05 * k * 0.1;
      d.y += (cy - p.y) * 0.05 * k * 0.1;
      const length = Math.max(Math.hypot(d.x, d.y), 0.01);
      p.x = Math.min(width - 50, Math.max(50, p.x + (d.x / length) * Math.min(length, temperature)));
      p.y = Math.min(height - 45, Math.max(45, p.y + (d.y / length) * Math.min(length, temperature)));
    }
    temperature *= 0.95;
  }
  return fitted(place, width, height);
}

// The layout stretched to fill the picture (keeping its shape), leaving room for the labels.
function fitted(place, width, height) {
  const points = [...place.values()];
  const [minX, maxX] = [Math.min(...points.map((p) => p.x)), Math.max(...points.map((p) => p.x))];
  const [minY, maxY] = [Math.min(...points.map((p) => p.y)), Math.max(...points.map((p) => p.y))];
  const scale = Math.min((width - 120) / Math.max(maxX - minX, 1), (height - 110) / Math.max(maxY - minY, 1));
  const [cx, cy] = [(minX + maxX) / 2, (minY + maxY) / 2];
  for (const p of points) {
    p.x = width / 2 + (p.x - cx) * scale;
    p.y = height / 2 + 5 + (p.y - cy) * scale;
  }
  return place;
}

function drawNetwork(network) {
  const canvas = $("network");
  const width = 560;
  const height = 420;
  const nodes = network.nodes || [];
  const edges = network.edges || [];
  for (const [code, name] of Object.entries(network.labels || {})) state.labels.set(code, name);
  canvas.replaceChildren();
  canvas.setAttribute("data-state", "ready");
  canvas.setAttribute("data-nodes", String(nodes.length));
  const modalityText = network.modalities === "all" ? "every modality" : (network.modalities || []).join(", ");
  $("network-note").textContent =
    `${plural(nodes.length, "actor")}, ${plural(edges.length, "dyad")} at ${network.level || state.level} level, ` +
    `${modalityText} events${state.from || state.to ? ` from ${state.from || "the start"} to ${state.to || "the end"}` : ""}; ` +
    summaryLine(network.summary);
  const defs = svg("defs");
  for (const sign of ["cooperation", "conflict", "neutral"]) {
    defs.append(
      svg(
        "marker",
        {
          id: `arrow-${sign}`,
          viewBox: "0 0 10 10",
          refX: 9,
          refY: 5,
          markerWidth: 9,
          markerHeight: 9,
          markerUnits: "userSpaceOnUse",
          orient: "auto",
        },
        svg("path", { d: "M0,0 L10,5 L0,10 z", class: `arrow-${sign}` }),
      ),
    );
  }
  canvas.append(defs);
  if (!nodes.length) {
    canvas.append(svg("text", { x: width / 2, y: height / 2, class: "empty" }, "no events with a source and a target here"));
    drawNodeList([]);
    return;
  }
  const place = layout(nodes, edges, width, height);
  const activity = (node) => (node.as_source || 0) + (node.as_target || 0);
  const most = Math.max(...nodes.map(activity), 1);
  const radiusOf = new Map(nodes.map((node) => [node.code, 7 + 17 * Math.sqrt(activity(node) / most)]));
  const mostEvents = Math.max(...edges.map((edge) => edge.count), 1);
  const pairs = new Set(edges.map((edge) => `${edge.source}\u0000${edge.target}`));
  const edgeLayer = svg("g", { class: "edges" });
  for (const edge of edges) {
    const a = place.get(edge.source);
    const b = place.get(edge.target);
    if (!a || !b) continue;
    const sign = edge.sign || (edge.goldstein_mean > 0 ? "cooperation" : edge.goldstein_mean < 0 ? "conflict" : "neutral");
    const widthOf = 1.5 + 6 * Math.sqrt(edge.count / mostEvents);
    const d = edgePath(a, b, radiusOf.get(edge.source), radiusOf.get(edge.target), pairs.has(`${edge.target}\u0000${edge.source}`));
    const mean = Number(edge.goldstein_mean).toFixed(1);
    const label = `${describedCode(edge.source)} → ${describedCode(edge.target)}: ${plural(edge.count, "event")}, mean Goldstein ${mean} (${sign})`;
    const group = svg("g", {
      class: `edge edge-${sign}`,
      "data-testid": "edge",
      "data-source": edge.source,
      "data-target": edge.target,
      "data-count": edge.count,
      "data-sign": sign,
    });
    group.append(
      svg("path", { d, class: "hit" }),
      svg("path", { d, class: `line edge-${sign}`, "stroke-width": widthOf.toFixed(2), "marker-end": `url(#arrow-${sign})` }),
    );
    pressable(group, label, () => setFilter({ kind: "edge", source: edge.source, target: edge.target }));
    edgeLayer.append(group);
  }
  const nodeLayer = svg("g", { class: "nodes" });
  for (const node of nodes) {
    const p = place.get(node.code);
    const r = radiusOf.get(node.code);
    const label = `${describedCode(node.code)}: ${plural(node.as_source || 0, "event")} as source, ${node.as_target || 0} as target`;
    const group = svg("g", {
      class: "node",
      "data-testid": "node",
      "data-code": node.code,
      transform: `translate(${p.x.toFixed(1)},${p.y.toFixed(1)})`,
    });
    group.append(
      svg("circle", { r: r.toFixed(1) }),
      // Labels sit on the side away from the middle, where fewer edges run.
      svg("text", { class: "node-label", y: (p.y < height / 2 - 5 ? -(r + 5) : r + 13).toFixed(1) }, shownCode(node.code)),
    );
    pressable(group, label, () => setFilter({ kind: "node", code: node.code }));
    nodeLayer.append(group);
  }
  canvas.append(edgeLayer, nodeLayer);
  drawNodeList(nodes);
  markSelection();
}

function edgePath(a, b, ra, rb, twoWay) {
  if (a === b) {
    // A loop above the node: events between two actors of one country at country level.
    const point = (dx, dy) => `${(a.x + dx).toFixed(1)},${(a.y - ra + dy).toFixed(1)}`;
    return `M${point(-6, 0)} C${point(-30, -40)} ${point(30, -40)} ${point(6, 0)}`;
  }
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const length = Math.max(Math.hypot(dx, dy), 1);
  const ux = dx / length;
  const uy = dy / length;
  // Two-way dyads bend apart so both directions stay visible.
  const bend = twoWay ? 22 : 0;
  const mx = (a.x + b.x) / 2 - uy * bend;
  const my = (a.y + b.y) / 2 + ux * bend;
  const start = towards(a, { x: mx, y: my }, ra + 2);
  const end = towards(b, { x: mx, y: my }, rb + 3);
  return `M${start.x.toFixed(1)},${start.y.toFixed(1)} Q${mx.toFixed(1)},${my.toFixed(1)} ${end.x.toFixed(1)},${end.y.toFixed(1)}`;
}

function towards(from, to, distance) {
  const dx = to.x - from.x;
  const dy = to.y - from.y;
  const length = Math.max(Math.hypot(dx, dy), 1);
  return { x: from.x + (dx / length) * distance, y: from.y + (dy / length) * distance };
}

function drawNodeList(nodes) {
  const list = $("node-list");
  list.replaceChildren();
  if (!nodes.length) return;
  list.append(el("span", { class: "muted" }, "actors: "));
  const ranked = [...nodes].sort((a, b) => b.as_source + b.as_target - (a.as_source + a.as_target) || a.code.localeCompare(b.code));
  for (const node of ranked) {
    list.append(
      el(
        "button",
        {
          type: "button",
          class: "node-button",
          "data-testid": "node-button",
          "data-code": node.code,
          title: `${describedCode(node.code)}: ${node.as_source} as source, ${node.as_target} as target`,
          onclick: () => setFilter({ kind: "node", code: node.code }),
        },
        `${shownCode(node.code)} ${node.as_source + node.as_target}`,
      ),
    );
  }
}

function markSelection() {
  const filter = state.filter;
  for (const node of document.querySelectorAll('[data-testid="node"]')) {
    const code = node.getAttribute("data-code");
    const chosen = filter && filter.kind === "node" && filter.code === code;
    const touched = filter && filter.kind === "edge" && (filter.source === code || filter.target === code);
    node.classList.toggle("selected", Boolean(chosen || touched));
    node.classList.toggle("faded", Boolean(filter && !chosen && !touched));
  }
  for (const edge of document.querySelectorAll('[data-testid="edge"]')) {
    const source = edge.getAttribute("data-source");
    const target = edge.getAttribute("data-target");
    const on =
      filter &&
      (filter.kind === "node"
        ? source === filter.code || target === filter.code
        : source === filter.source && target === filter.target);
    edge.classList.toggle("selected", Boolean(on));
    edge.classList.toggle("faded", Boolean(filter && !on));
  }
  for (const button of document.querySelectorAll('[data-testid="node-button"]')) {
    const on = filter && filter.kind === "node" && filter.code === button.getAttribute("data-code");
    button.setAttribute("aria-pressed", on ? "true" : "false");
  }
}

// --- the dyad series ----------------------------------------------------------------------

// The queries a filter needs: an actor is a source in one and a target in the other.
function partyQueries(filter) {
  if (!filter) return [{}];
  if (filter.kind === "edge") return [{ source: filter.source, target: filter.target }];
  return [{ source: filter.code }, { target: filter.code }];
}

async function loadChart() {
  const ticket = ++latest.chart;
  showError("chart-error", null);
  const base = { by: state.by, level: state.level, modality: state.modality, from: state.from, to: state.to };
  let answers;
  try {
    answers = await Promise.all(partyQueries(state.filter).map((parties) => api("/dyads", { ...base, ...parties })));
  } catch (error) {
    if (ticket !== latest.chart) return;
    showError("chart-error", error);
    $("chart-note").textContent = "";
    $("chart-legend").replaceChildren();
    $("chart").replaceChildren(svg("text", { x: 280, y: 150, class: "empty" }, "the series could not be loaded"));
    $("chart").setAttribute("data-state", "error");
    return;
  }
  if (ticket !== latest.chart) return;
  const rows = new Map();
  for (const answer of answers) {
    for (const row of answer.rows || []) rows.set(`${row.period}\u0000${row.source}\u0000${row.target}`, row);
  }
  drawChart([...rows.values()], answers[0].summary, answers.length > 1);
}

function drawChart(rows, summary, merged) {
  const canvas = $("chart");
  canvas.replaceChildren();
  canvas.setAttribute("data-state", "ready");
  const dyads = new Map();
  for (const row of rows) {
    const key = `${row.source} → ${row.target}`;
    dyads.set(key, (dyads.get(key) || 0) + row.events);
  }
  const note = $("chart-note");
  note.replaceChildren(
    `${state.filter ? filterText(state.filter) : "all dyads"} · per ${state.by} · ` +
      `${state.modality === "all" ? "every modality" : "asserted events"}`,
  );
  if (dyads.size) {
    note.append(" · dyads: ");
    [...dyads.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .forEach(([key, count], i) => {
        if (i) note.append(", ");
        note.append(el("span", { class: "dyad", "data-testid": "chart-dyad", "data-dyad": key }, key), ` ${count}`);
      });
  }
  // With two queries merged, a summary describes only one of them; show it only when it is whole.
  if (summary && !merged) note.append(el("span", { class: "muted" }, ` · ${summaryLine(summary)}`));
  canvas.setAttribute("data-dyads", [...dyads.keys()].join(","));

  const legend = $("chart-legend");
  legend.replaceChildren();
  if (state.measure === "quad") {
    for (const quad of QUADS) {
      legend.append(el("span", {}, el("span", { class: `swatch ${quad.css}`, "aria-hidden": "true" }), quad.label));
    }
  } else {
    legend.append(
      el("span", {}, el("span", { class: "swatch goldstein-up", "aria-hidden": "true" }), "Goldstein sum above 0 (cooperation)"),
      el("span", {}, el("span", { class: "swatch goldstein-down", "aria-hidden": "true" }), "below 0 (conflict)"),
    );
  }

  const byPeriod = new Map();
  for (const row of rows) {
    const sum = byPeriod.get(row.period) || { events: 0, q1: 0, q2: 0, q3: 0, q4: 0, goldstein: 0 };
    sum.events += row.events;
    for (const quad of QUADS) sum[quad.key] += row[quad.key] || 0;
    sum.goldstein += row.goldstein_sum || 0;
    byPeriod.set(row.period, sum);
  }
  const width = 560;
  const height = 300;
  if (!byPeriod.size) {
    canvas.append(svg("text", { x: width / 2, y: height / 2, class: "empty" }, "no dated events for this selection"));
    return;
  }
  const periods = fillPeriods([...byPeriod.keys()].sort(), state.by);
  const left = 44;
  const right = 10;
  const top = 12;
  const bottom = 56;
  const plotWidth = width - left - right;
  const plotHeight = height - top - bottom;
  const values = periods.map((period) => byPeriod.get(period) || { events: 0, q1: 0, q2: 0, q3: 0, q4: 0, goldstein: 0 });
  let low = 0;
  let high = 0;
  if (state.measure === "quad") high = Math.max(1, ...values.map((v) => v.events));
  else {
    low = Math.min(0, ...values.map((v) => v.goldstein));
    high = Math.max(0, ...values.map((v) => v.goldstein));
    if (low === high) high = 1;
  }
  const ticks = niceTicks(low, high, 5);
  low = Math.min(low, ticks[0]);
  high = Math.max(high, ticks[ticks.length - 1]);
  const y = (value) => top + plotHeight - ((value - low) / (high - low)) * plotHeight;
  const slot = plotWidth / periods.length;
  const barWidth = Math.max(2, Math.min(42, slot * 0.7));
  const axes = svg("g", { class: "axes" });
  for (const tick of ticks) {
    axes.append(
      svg("line", { x1: left, x2: width - right, y1: y(tick).toFixed(1), y2: y(tick).toFixed(1), class: tick === 0 ? "zero" : "grid" }),
      svg("text", { x: left - 6, y: (y(tick) + 4).toFixed(1), class: "tick", "text-anchor": "end" }, formatNumber(tick)),
    );
  }
  const labelEvery = Math.ceil(periods.length / Math.max(1, Math.floor(plotWidth / 46)));
  periods.forEach((period, i) => {
    if (i % labelEvery) return;
    const x = left + slot * (i + 0.5);
    const y0 = height - bottom + 14;
    const turn = `rotate(-35 ${x.toFixed(1)} ${y0})`;
    axes.append(svg("text", { x: x.toFixed(1), y: y0, class: "tick", "text-anchor": "end", transform: turn }, period));
  });
  axes.append(
    svg(
      "text",
      { x: 12, y: top + plotHeight / 2, class: "axis-title", transform: `rotate(-90 12 ${top + plotHeight / 2})` },
      state.measure === "quad" ? "events" : "Goldstein sum",
    ),
  );
  canvas.append(axes);
  const bars = svg("g", { class: "bars" });
  periods.forEach((period, i) => {
    const value = values[i];
    const x = left + slot * (i + 0.5) - barWidth / 2;
    if (state.measure === "quad") {
      let base = 0;
      for (const quad of QUADS) {
        const count = value[quad.key];
        if (!count) continue;
        bars.append(
          svg(
            "rect",
            {
              x: x.toFixed(1),
              y: y(base + count).toFixed(1),
              width: barWidth.toFixed(1),
              height: (y(base) - y(base + count)).toFixed(1),
              class: `bar ${quad.css}`,
              "data-testid": "chart-bar",
              "data-period": period,
              "data-quad": quad.key,
              "data-value": count,
            },
            svg("title", {}, `${period}: ${plural(count, "event")}, ${quad.label}`),
          ),
        );
        base += count;
      }
    } else if (value.goldstein) {
      const sum = value.goldstein;
      bars.append(
        svg(
          "rect",
          {
            x: x.toFixed(1),
            y: y(Math.max(sum, 0)).toFixed(1),
            width: barWidth.toFixed(1),
            height: Math.abs(y(sum) - y(0)).toFixed(1),
            class: `bar ${sum > 0 ? "goldstein-up" : "goldstein-down"}`,
            "data-testid": "chart-bar",
            "data-period": period,
            "data-value": sum,
          },
          svg("title", {}, `${period}: Goldstein sum ${formatNumber(sum)} over ${plural(value.events, "event")}`),
        ),
      );
    }
  });
  canvas.append(bars);
}

function formatNumber(value) {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

function niceTicks(low, high, count) {
  const span = high - low || 1;
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => span / s <= count) || 10 * power;
  const ticks = [];
  for (let t = Math.floor(low / step) * step; t <= high + step * 1e-9; t += step) ticks.push(Math.round(t * 1e6) / 1e6);
  if (ticks[ticks.length - 1] < high) ticks.push(ticks[ticks.length - 1] + step);
  return ticks;
}

// Periods between the first and the last with none missing, so a quiet week shows as a gap.
function fillPeriods(periods, by) {
  if (periods.length < 2) return periods;
  const first = startOf(periods[0], by);
  const last = startOf(periods[periods.length - 1], by);
  if (!first || !last) return periods;
  const filled = [];
  for (let day = first; day <= last && filled.length < 400; day = nextPeriod(day, by)) filled.push(labelOf(day, by));
  return filled.length < 400 && filled.includes(periods[periods.length - 1]) ? filled : periods;
}

function startOf(period, by) {
  let match;
  if (by === "day" && (match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(period))) return Date.UTC(+match[1], +match[2] - 1, +match[3]);
  if (by === "month" && (match = /^(\d{4})-(\d{2})$/.exec(period))) return Date.UTC(+match[1], +match[2] - 1, 1);
  if (by === "week" && (match = /^(\d{4})-W(\d{2})$/.exec(period))) {
    const jan4 = Date.UTC(+match[1], 0, 4);
    const weekday = (new Date(jan4).getUTCDay() + 6) % 7;
    return jan4 - weekday * 86400000 + (+match[2] - 1) * 7 * 86400000;
  }
  return null;
}

function nextPeriod(time, by) {
  if (by === "day") return time + 86400000;
  if (by === "week") return time + 7 * 86400000;
  const date = new Date(time);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
}

function labelOf(time, by) {
  const date = new Date(time);
  const pad = (n) => String(n).padStart(2, "0");
  if (by === "day") return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
  if (by === "month") return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}`;
  const thursday = new Date(time + 3 * 86400000);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday - Date.UTC(year, 0, 1)) / (7 * 86400000)) + 1;
  return `${year}-W${pad(week)}`;
}

// --- events -------------------------------------------------------------------------------

async function loadEvents() {
  const ticket = ++latest.events;
  showError("events-error", null);
  const window_ = { from: state.from, to: state.to };
  const queries = partyQueries(state.filter);
  let items;
  let total;
  try {
    if (queries.length === 1) {
      const answer = await api("/events", { ...window_, ...queries[0], page: state.eventsPage, size: EVENTS_PAGE_SIZE });
      items = answer.items || [];
      total = answer.total ?? items.length;
    } else {
      const answers = await Promise.all(queries.map((parties) => api("/events", { ...window_, ...parties, page: 1, size: MERGED_SIZE })));
      const seen = new Map();
      for (const answer of answers) for (const item of answer.items || []) seen.set(`${item.doc_hash}\u0000${item.event}`, item);
      items = [...seen.values()].sort(byDateThenDocument);
      total = items.length;
    }
  } catch (error) {
    if (ticket !== latest.events) return;
    showError("events-error", error);
    $("events-table").querySelector("tbody").replaceChildren();
    $("events-note").textContent = "";
    return;
  }
  if (ticket !== latest.events) return;
  drawEvents(items, total, queries.length === 1);
}

// Newest first, as the API pages them.
function byDateThenDocument(a, b) {
  return (
    (b.date || "").localeCompare(a.date || "") ||
    (a.document_id || "").localeCompare(b.document_id || "") ||
    (a.event || "").localeCompare(b.event || "", undefined, { numeric: true })
  );
}

function party(part) {
  if (!part) return el("span", { class: "muted" }, "—");
  const code = part.actor || part.country || "?";
  const words = part.text ? el("span", { class: "muted" }, ` ${part.text}`) : null;
  const name = state.labels.get(code);
  const title = [name && name !== code ? name : "", part.text || ""].filter(Boolean).join(": ");
  return el("span", { class: "party", title }, el("strong", {}, shownCode(code)), words);
}

function drawEvents(items, total, paged) {
  const body = $("events-table").querySelector("tbody");
  body.replaceChildren();
  const counts = {};
  for (const item of items) counts[item.modality] = (counts[item.modality] || 0) + 1;
  const marked = Object.entries(counts)
    .filter(([name]) => name !== "asserted")
    .map(([name, n]) => `${n} ${name}`);
  $("events-note").textContent =
    `${plural(total, "event")}${state.filter ? ` involving ${filterText(state.filter)}` : ""}` +
    `${marked.length ? ` — not plain facts: ${marked.join(", ")}` : ""}`;
  if (!items.length) {
    body.append(el("tr", {}, el("td", { colspan: 6, class: "empty" }, "no events for this selection")));
  }
  for (const item of items) {
    const open = () => openDocument(item.doc_hash, "event", item.event);
    const modality = item.modality || "unknown";
    const row = el(
      "tr",
      {
        class: `event-row m-row-${modality}${modality === "asserted" ? "" : " nonasserted"}`,
        "data-testid": "event-row",
        "data-doc": item.doc_hash,
        "data-event": item.event,
        "data-source": item.source ? item.source.actor || item.source.country || "" : "",
        "data-target": item.target ? item.target.actor || item.target.country || "" : "",
        "data-source-country": item.source ? item.source.country || "" : "",
        "data-target-country": item.target ? item.target.country || "" : "",
        "data-cameo": item.cameo || "",
        "data-modality": modality,
      },
      el("td", { class: "date" }, item.date || el("span", { class: "muted" }, "undated")),
      el("td", {}, party(item.source), " → ", party(item.target)),
      el(
        "td",
        {},
        el("code", {}, item.cameo || "?"),
        ` ${item.cameo_label || ""}`,
        el("div", { class: "muted small" }, quadName(item.quad_class)),
      ),
      el("td", {}, badge(modality)),
      el("td", {}, item.trigger ? el("em", {}, item.trigger.text) : ""),
      el(
        "td",
        {},
        el(
          "button",
          { type: "button", class: "link", "data-testid": "open-event", onclick: (event) => (event.stopPropagation(), open()) },
          item.title || item.document_id || item.doc_hash.slice(0, 12),
        ),
      ),
    );
    row.addEventListener("click", open);
    body.append(row);
  }
  const pager = $("events-pager");
  pager.replaceChildren();
  if (paged && total > EVENTS_PAGE_SIZE) {
    pageButtons(pager, state.eventsPage, Math.ceil(total / EVENTS_PAGE_SIZE), (number) => {
      state.eventsPage = number;
      loadEvents();
    });
  } else if (!paged && total >= MERGED_SIZE) {
    pager.append(el("span", { class: "muted" }, `showing the first ${MERGED_SIZE} as source and as target`));
  }
}

function quadName(quad) {
  const found = QUADS[(quad || 0) - 1];
  return found ? found.label : "";
}

// --- quotes -------------------------------------------------------------------------------

async function loadQuotes() {
  const ticket = ++latest.quotes;
  showError("quotes-error", null);
  const filter = state.filter;
  // A dyad's quotes are those its source said; an actor's are those it said.
  const actor = filter ? (filter.kind === "node" ? filter.code : filter.source) : "";
  let answer;
  try {
    answer = await api("/quotes", { actor, page: 1, size: 200 });
  } catch (error) {
    if (ticket !== latest.quotes) return;
    showError("quotes-error", error);
    $("quotes-note").textContent = "";
    $("quotes").replaceChildren();
    return;
  }
  if (ticket !== latest.quotes) return;
  drawQuotes(answer.items || [], answer.total ?? (answer.items || []).length, actor);
}

function drawQuotes(items, total, actor) {
  const groups = new Map();
  for (const item of items) {
    const speaker = item.speaker || {};
    const name = speaker.name || speaker.text || "no speaker found";
    const key = `${name}\u0000${speaker.anonymous ? 1 : 0}`;
    if (!groups.has(key)) groups.set(key, { name, speaker, quotes: [] });
    groups.get(key).quotes.push(item);
  }
  $("quotes-note").textContent =
    `${plural(total, "quote")}${actor ? ` by speakers coded ${actor}` : ""}` +
    `${items.length < total ? ` (the first ${items.length} shown)` : ""}, grouped by speaker`;
  const box = $("quotes");
  box.replaceChildren();
  if (!items.length) box.append(el("p", { class: "empty" }, "no quotes for this selection"));
  const ordered = [...groups.values()].sort((a, b) => b.quotes.length - a.quotes.length || a.name.localeCompare(b.name));
  for (const group of ordered) {
    const speaker = group.speaker;
    const head = el(
      "h3",
      { class: "speaker" },
      group.name,
      speaker.anonymous ? el("span", { class: "badge anonymous", "data-testid": "anonymous-badge" }, "anonymous") : null,
      speaker.actor ? el("code", { class: "actor-code", title: describedCode(speaker.actor) }, shownCode(speaker.actor)) : null,
      speaker.description && speaker.description !== group.name ? el("span", { class: "muted small" }, ` ${speaker.description}`) : null,
    );
    const list = el("ul", { class: "quote-list" });
    for (const item of group.quotes) {
      list.append(
        el(
          "li",
          { "data-testid": "quote", "data-doc": item.doc_hash, "data-quote": item.quote },
          el("span", { class: "kind" }, item.kind || ""),
          " ",
          el("q", {}, item.content || ""),
          item.cue ? el("span", { class: "muted" }, ` — ${item.cue.text}`) : null,
          " ",
          el(
            "button",
            {
              type: "button",
              class: "link",
              "data-testid": "open-quote",
              onclick: () => openDocument(item.doc_hash, "quote", item.quote),
            },
            `open ${item.document_id || item.doc_hash.slice(0, 12)}`,
          ),
        ),
      );
    }
    const attributes = {
      class: "speaker-group",
      "data-testid": "speaker-group",
      "data-actor": speaker.actor || "",
      "data-anonymous": speaker.anonymous ? "true" : "false",
    };
    box.append(el("section", attributes, head, list));
  }
}

// --- names of actors without a country ----------------------------------------------------

// The store's names of the roles named with no country (codes "---MIL", "---GOV" ...), so the
// events and quotes show "unknown country (military)" even where the network (countries) has
// no such node. A failure leaves the codes as they are: nothing else depends on it.
async function loadLabels() {
  try {
    const answer = await api("/actors", { q: "---", page: 1, size: 200 });
    for (const item of answer.items || []) {
      if (item.actor && item.actor.startsWith("---") && item.name) state.labels.set(item.actor, item.name);
    }
  } catch (error) {
    // the codes stay codes
  }
}

// --- documents ----------------------------------------------------------------------------

async function loadDocuments() {
  const ticket = ++latest.docs;
  showError("docs-error", null);
  let answer;
  try {
    answer = await api("/documents", { q: state.docsQuery, page: state.docsPage, size: 20 });
  } catch (error) {
    if (ticket !== latest.docs) return;
    showError("docs-error", error);
    return;
  }
  if (ticket !== latest.docs) return;
  const list = $("documents");
  list.replaceChildren();
  const items = answer.items || [];
  if (!items.length) list.append(el("li", { class: "empty" }, "no documents"));
  for (const item of items) {
    list.append(
      el(
        "li",
        {},
        el(
          "button",
          { type: "button", class: "link", "data-testid": "open-document", onclick: () => openDocument(item.hash) },
          item.title || item.id || item.hash.slice(0, 12),
        ),
        el(
          "span",
          { class: "muted small" },
          ` ${[item.published || "undated", item.source || item.id].filter(Boolean).join(" · ")} · ` +
            `${plural(item.events ?? 0, "event")}, ${plural(item.quotes ?? 0, "quote")}`,
        ),
      ),
    );
  }
  const pager = $("docs-pager");
  pager.replaceChildren();
  const pages = Math.ceil((answer.total || 0) / (answer.size || 20));
  if (pages > 1) {
    pageButtons(pager, state.docsPage, pages, (number) => {
      state.docsPage = number;
      loadDocuments();
    });
  }
}

function pageButtons(box, number, pages, go) {
  box.append(
    el("button", { type: "button", disabled: number <= 1, onclick: () => go(number - 1) }, "← previous"),
    ` page ${number} of ${pages} `,
    el("button", { type: "button", disabled: number >= pages, onclick: () => go(number + 1) }, "next →"),
  );
}

// --- the document view (#doc/HASH, #doc/HASH/event/ID, #doc/HASH/quote/ID) ----------------

function openDocument(hash, kind, id) {
  const route = `#doc/${encodeURIComponent(hash)}${kind && id ? `/${kind}/${encodeURIComponent(id)}` : ""}`;
  if (window.location.hash === route) showRoute();
  else window.location.hash = route;
}

function closeDocument() {
  if (window.location.hash.startsWith("#doc/")) {
    history.pushState("", document.title, window.location.pathname + window.location.search);
  }
  showRoute();
}

async function showRoute() {
  const match = /^#doc\/([^/]+)(?:\/(event|quote)\/([^/]+))?$/.exec(window.location.hash);
  const view = $("doc-view");
  if (!match) {
    view.hidden = true;
    document.body.classList.remove("reading");
    return;
  }
  const [hash, kind, id] = [decodeURIComponent(match[1]), match[2], match[3] ? decodeURIComponent(match[3]) : null];
  const ticket = ++latest.doc;
  view.hidden = false;
  document.body.classList.add("reading");
  view.setAttribute("data-state", "loading");
  showError("doc-error", null);
  let answer;
  try {
    answer = await api(`/documents/${encodeURIComponent(hash)}`);
  } catch (error) {
    if (ticket !== latest.doc) return;
    showError("doc-error", error);
    $("doc-title").textContent = "document not available";
    $("doc-text").replaceChildren();
    view.setAttribute("data-state", "error");
    return;
  }
  if (ticket !== latest.doc) return;
  drawDocument(answer, kind, id);
  view.setAttribute("data-state", "ready");
}

function drawDocument(answer, kind, id) {
  const documentRecord = answer.document || {};
  const text = documentRecord.text || "";
  const sentences = answer.sentences || [];
  $("doc-title").textContent = documentRecord.title || documentRecord.id || documentRecord.hash;
  const meta = $("doc-meta");
  const facts = [documentRecord.published || "undated", documentRecord.source, documentRecord.id].filter(Boolean);
  meta.replaceChildren(facts.join(" · "));
  if (documentRecord.url) {
    meta.append(" · ", el("a", { href: documentRecord.url, rel: "noopener noreferrer", target: "_blank" }, "original"));
  }
  const focus = $("doc-focus");
  focus.replaceChildren();
  let context = null;
  const marks = [];
  if (kind === "event") {
    const event = (answer.events || []).find((item) => item.id === id);
    if (event) {
      context = sentences[event.sentence] || null;
      // Earlier marks win where spans overlap: the trigger is the word that names the act.
      if (event.trigger && event.trigger.span) marks.push({ role: "trigger", spans: [event.trigger.span] });
      if (event.source && event.source.span) marks.push({ role: "source", spans: [event.source.span] });
      if (event.target && event.target.span) marks.push({ role: "target", spans: [event.target.span] });
      focus.append(
        el("strong", {}, `${partyCode(event.source)} → ${partyCode(event.target)}`),
        ` · ${event.cameo} ${event.cameo_label || ""} · `,
        badge(event.modality),
        event.trigger ? ` · trigger “${event.trigger.text}”` : "",
        event.date ? ` · ${event.date}` : "",
        event.quote ? ` · from quote ${event.quote}` : "",
      );
    } else {
      focus.append(el("span", { class: "error-text" }, `event ${id} is not in this document`));
    }
  } else if (kind === "quote") {
    const quote = (answer.quotes || []).find((item) => item.id === id);
    if (quote) {
      if (quote.cue && quote.cue.span) marks.push({ role: "cue", spans: [quote.cue.span] });
      if (quote.speaker && quote.speaker.span) marks.push({ role: "speaker", spans: [quote.speaker.span] });
      marks.push({ role: "quote", spans: quote.spans || [] });
      const speaker = quote.speaker || {};
      focus.append(
        el("strong", {}, speaker.name || speaker.text || "no speaker found"),
        speaker.anonymous ? el("span", { class: "badge anonymous" }, "anonymous") : "",
        ` · ${quote.kind} quote`,
        quote.cue ? ` · cue “${quote.cue.text}”` : "",
      );
    } else {
      focus.append(el("span", { class: "error-text" }, `quote ${id} is not in this document`));
    }
  }
  const body = $("doc-text");
  body.replaceChildren(highlighted(text, context, marks));
  const first = body.querySelector("mark");
  if (first) first.scrollIntoView({ block: "center" });
  else body.scrollTop = 0;

  const events = $("doc-events");
  events.replaceChildren();
  for (const event of answer.events || []) {
    events.append(
      el(
        "li",
        { class: event.id === id && kind === "event" ? "current" : "" },
        el(
          "button",
          {
            type: "button",
            class: "link",
            "data-testid": "doc-event",
            onclick: () => openDocument(documentRecord.hash, "event", event.id),
          },
          `${partyCode(event.source)} → ${partyCode(event.target)} ${event.cameo} ${event.cameo_label || ""}`,
        ),
        " ",
        badge(event.modality),
      ),
    );
  }
  if (!(answer.events || []).length) events.append(el("li", { class: "muted" }, "none"));
  const removed = documentRecord.removed || [];
  $("removed-summary").textContent = `Removed boilerplate (${removed.length})`;
  $("removed-list").replaceChildren(...removed.map((line) => el("li", {}, line)));
}

function partyCode(part) {
  return part ? shownCode(part.actor || part.country) || "?" : "—";
}

// The text cut at every span edge; each piece takes the first mark that covers it, and the
// pieces inside the context sentence sit in one evidence mark.
function highlighted(text, context, marks) {
  const fragment = document.createDocumentFragment();
  const clamp = (n) => Math.max(0, Math.min(text.length, n));
  const cuts = new Set([0, text.length]);
  if (context) context.forEach((n) => cuts.add(clamp(n)));
  for (const mark of marks) for (const span of mark.spans) span.forEach((n) => cuts.add(clamp(n)));
  const points = [...cuts].sort((a, b) => a - b);
  let evidence = null;
  let previous = null;
  for (let i = 0; i + 1 < points.length; i++) {
    const [start, end] = [points[i], points[i + 1]];
    if (start >= end) continue;
    const inside = Boolean(context) && start >= context[0] && end <= context[1];
    let parent = fragment;
    if (inside) {
      if (!evidence) {
        evidence = el("mark", { class: "hl hl-evidence", "data-testid": "hl-evidence", title: "evidence sentence" });
        fragment.append(evidence);
      }
      parent = evidence;
    }
    const role = marks.find((mark) => mark.spans.some(([s, e]) => s <= start && end <= e));
    const piece = text.slice(start, end);
    if (role && previous && previous.role === role.role && previous.parent === parent) {
      previous.node.append(piece);
    } else if (role) {
      const node = el("mark", { class: `hl hl-${role.role}`, "data-testid": `hl-${role.role}`, title: role.role }, piece);
      parent.append(node);
      previous = { role: role.role, parent, node };
    } else {
      parent.append(piece);
      previous = null;
    }
  }
  return fragment;
}

// --- start --------------------------------------------------------------------------------

function readControls() {
  const form = $("controls");
  state.from = form.elements.from.value;
  state.to = form.elements.to.value;
  state.modality = form.elements.modality.value;
  const level = form.elements.level.value;
  // A country code filter means nothing at actor level, and the other way round.
  if (level !== state.level) state.filter = null;
  state.level = level;
}

function start() {
  const form = $("controls");
  form.addEventListener("submit", (event) => event.preventDefault());
  form.addEventListener("change", () => {
    readControls();
    loadNetwork();
    setFilter(state.filter); // reloads the chart, the events and the quotes
  });
  $("filter-chip").addEventListener("click", () => setFilter(null));
  $("by").addEventListener("change", (event) => ((state.by = event.target.value), loadChart()));
  $("measure").addEventListener("change", (event) => ((state.measure = event.target.value), loadChart()));
  $("docs-search").addEventListener("submit", (event) => {
    event.preventDefault();
    state.docsQuery = $("docs-q").value.trim();
    state.docsPage = 1;
    loadDocuments();
  });
  $("doc-close").addEventListener("click", closeDocument);
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && !$("doc-view").hidden) closeDocument();
  });
  window.addEventListener("hashchange", showRoute);
  window.addEventListener("popstate", showRoute);
  // A bug in the page still shows a message, never a blank panel.
  const report = (problem) => {
    const banner = $("banner");
    banner.hidden = false;
    banner.textContent = `Error in the page: ${problem && problem.message ? problem.message : problem}`;
  };
  window.addEventListener("unhandledrejection", (event) => report(event.reason));
  window.addEventListener("error", (event) => report(event.error || event.message));
  state.by = $("by").value;
  state.measure = $("measure").value;
  readControls();
  loadDocuments();
  // the names first (one small request), so the first events and quotes already show them
  loadLabels().finally(() => {
    loadNetwork();
    loadChart();
    loadEvents();
    loadQuotes();
    showRoute();
  });
}

start();
