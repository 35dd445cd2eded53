// Runs in the headless Chromium that hooks/drawing.py drives, once the pinned
// mermaid.min.js is loaded into a blank page. `atlasDraw(items, settings)` draws
// each diagram and returns, per item, {svg, graph} or {error}. `graph` is
// Mermaid's own parse of a flowchart (nodes with labels, links, tooltips and
// classes; edges), from which the build writes previews and text versions.
//
// The SVG is made ready to sit in a page's light DOM:
// - Mermaid's <style> block goes: it fixes one palette's colours and is most of
//   the bytes. stylesheets/atlas.css colours diagrams with Material's
//   --md-mermaid-* variables instead, so one SVG follows light and dark.
//   classDef styles survive, because Mermaid also writes them inline.
// - A node's tooltip (`click X href "url" "tooltip"`) is a `title` attribute,
//   which only Mermaid's own script shows; it becomes an SVG <title>, which
//   browsers and screen readers show with no script.
// - A floor on the width keeps labels readable on a phone: the diagram may
//   shrink to a share of its natural width, then scrolls in its own box.
// - Path coordinates keep two decimals. Mermaid writes up to 15, and the rough.js
//   outline of a rounded node ran to 30 KB; a hundredth of a pixel is invisible.
//   rough.js also strokes each piece of such an outline twice, along the same
//   line (Mermaid sets its roughness to 0): the second stroke goes.
window.atlasDraw = async (items, settings) => {
  mermaid.initialize(settings.mermaid);
  const results = [];
  for (const { id, text } of items) {
    try {
      const { svg } = await mermaid.render(id, text);
      results.push({ svg: finish(svg, settings.minWidthShare), graph: await graphOf(text) });
    } catch (error) {
      results.push({ error: String(error && error.message ? error.message : error) });
    } finally {
      // A failed render leaves its scratch element behind.
      document.getElementById(`d${id}`)?.remove();
    }
  }
  return results;
};

function finish(markup, minWidthShare) {
  const holder = document.createElement("div");
  holder.innerHTML = markup;
  const svg = holder.querySelector("svg");
  svg.querySelectorAll(":scope > style").forEach((style) => style.remove());
  svg.querySelectorAll("[title]").forEach((element) => {
    const title = document.createElementNS("http://www.w3.org/2000/svg", "title");
    title.textContent = element.getAttribute("title");
    element.removeAttribute("title");
    element.prepend(title);
  });
  svg.querySelectorAll("path[d]").forEach((path) => {
    const d = path.getAttribute("d").replace(/-?\d*\.\d+(?:e-?\d+)?/g, hundredths);
    path.setAttribute("d", singleStroke(d));
  });
  const natural = parseFloat(svg.style.maxWidth);
  if (natural > 0) {
    svg.style.minWidth = `${Math.round(natural * minWidthShare)}px`;
  }
  return svg.outerHTML;
}

// "M a C … b M a C … b M b C … c M b C … c" (rough.js's double stroke) as
// "M a C … b M b C … c"; any other path is left as it is.
function singleStroke(d) {
  const pieces = d.match(/M[^M]*/g);
  if (!pieces || pieces.length < 2 || !pieces.every((p) => /^M[^CLMQZz]*C[^CLMQZz]*$/.test(p.trim()))) {
    return d;
  }
  const ends = (piece) => {
    const n = piece.match(/-?\d*\.?\d+(?:e-?\d+)?/g);
    return `${n[0]},${n[1]}>${n[n.length - 2]},${n[n.length - 1]}`;
  };
  return pieces
    .filter((piece, k) => k === 0 || ends(piece) !== ends(pieces[k - 1]))
    .map((piece) => piece.trim())
    .join(" ");
}

function hundredths(number) {
  const rounded = Math.round(parseFloat(number) * 100) / 100;
  return String(Object.is(rounded, -0) ? 0 : rounded);
}

async function graphOf(text) {
  const diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
  const db = diagram.db;
  if (!diagram.type.startsWith("flowchart")) return null;
  const plain = (markup) => {
    const holder = document.createElement("div");
    holder.innerHTML = String(markup).replace(/<br\s*\/?>/gi, " ");
    return holder.textContent.replace(/\s+/g, " ").trim();
  };
  const vertices = db.getVertices();
  const entries = vertices instanceof Map ? [...vertices.values()] : Object.values(vertices);
  return {
    direction: db.getDirection(),
    title: db.getAccTitle() || "",
    description: db.getAccDescription() || "",
    nodes: entries.map((v) => ({
      id: v.id,
      label: plain(v.text ?? v.id),
      link: v.link || null,
      tooltip: db.getTooltip(v.id) || null,
      classes: (v.classes || []).filter((c) => c !== "clickable"),
    })),
    edges: db.getEdges().map((e) => [e.start, e.end]),
  };
}
