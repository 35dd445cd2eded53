// The interactive atlas, on top of pages that already work without it:
// previews on map nodes, progress kept in this browser only, the learning
// path's next step, and pan and zoom for a map too wide for a phone.
// Every piece of data comes from the page itself (hooks/maps.py writes it at
// build time); nothing is fetched and nothing is sent anywhere.

const DONE_KEY = "atlas.done.v1";
const PATH_KEY = "atlas.path";

// --- progress ---------------------------------------------------------------

function readDone() {
  try {
    const list = JSON.parse(localStorage.getItem(DONE_KEY) || "[]");
    return new Set(Array.isArray(list) ? list : []);
  } catch {
    return new Set();
  }
}

function writeDone(done) {
  try {
    if (done.size) localStorage.setItem(DONE_KEY, JSON.stringify([...done].sort()));
    else localStorage.removeItem(DONE_KEY);
  } catch {
    // Storage may be off (private mode): progress then lasts for this page only.
  }
  render();
}

function toggle(topic) {
  const done = readDone();
  if (done.has(topic)) done.delete(topic);
  else done.add(topic);
  writeDone(done);
}

const nodeId = (g) => (g.id.match(/-flowchart-(.+)-\d+$/) || [])[1];

function mapData(figure) {
  if (!figure.atlasData) {
    figure.atlasData = JSON.parse(figure.querySelector(".atlas-map__data").textContent);
  }
  return figure.atlasData;
}

function markMaps(done) {
  for (const figure of document.querySelectorAll(".atlas-map")) {
    const { nodes } = mapData(figure);
    for (const g of figure.querySelectorAll("svg g.node")) {
      const node = nodes[nodeId(g)];
      if (!node) continue;
      const isDone = Boolean(node.topic && done.has(node.topic));
      g.classList.toggle("atlas-done", isDone);
      let mark = g.querySelector(":scope > .atlas-done-mark");
      if (isDone && !mark) {
        const box = g.querySelector(".label-container, rect, polygon, path, circle")?.getBBox();
        mark = document.createElementNS("http://www.w3.org/2000/svg", "text");
        mark.setAttribute("class", "atlas-done-mark");
        mark.setAttribute("aria-hidden", "true");
        mark.setAttribute("x", box ? box.x + box.width - 4 : 0);
        mark.setAttribute("y", box ? box.y + 14 : 0);
        mark.setAttribute("text-anchor", "end");
        mark.textContent = "✓";
        g.append(mark);
      } else if (!isDone && mark) {
        mark.remove();
      }
      const link = g.closest("a");
      const here = link?.getAttribute("aria-current") === "page" ? ", you are here" : "";
      const name = `${node.label}${isDone ? ", done" : ""}${here}`;
      if (link) link.setAttribute("aria-label", name);
      else if (node.planned) g.setAttribute("aria-label", `${node.label}, planned`);
    }
    for (const li of figure.querySelectorAll(".atlas-text-version li[data-topic]")) {
      li.classList.toggle("atlas-done", done.has(li.dataset.topic));
    }
  }
}

function markToggles(done) {
  for (const button of document.querySelectorAll(".atlas-done-toggle")) {
    button.setAttribute("aria-pressed", String(done.has(button.dataset.topic)));
  }
}

function markAreaProgress(done) {
  for (const p of document.querySelectorAll(".atlas-progress[data-topics]")) {
    const topics = JSON.parse(p.dataset.topics);
    const count = topics.filter((t) => done.has(t)).length;
    p.firstChild.textContent = `${count} of ${topics.length} topics done `;
  }
}

function markPaths(done) {
  for (const list of document.querySelectorAll("ol.atlas-path")) {
    const steps = [...list.querySelectorAll(":scope > li[data-topic]")];
    let next = null;
    steps.forEach((li, i) => {
      const isDone = done.has(li.dataset.topic);
      li.classList.toggle("atlas-done", isDone);
      let badge = li.querySelector(":scope > .atlas-step");
      if (!badge) {
        badge = document.createElement("span");
        badge.className = "atlas-step";
        li.prepend(badge);
      }
      badge.textContent = `Step ${i + 1} of ${steps.length}${isDone ? " · done ✓" : ""} `;
      if (!isDone && !next) next = li;
    });
    const line = list.nextElementSibling;
    if (!line || !line.classList.contains("atlas-path__next")) continue;
    if (next) {
      const link = next.querySelector("a").cloneNode(true);
      line.replaceChildren(Object.assign(document.createElement("strong"), { textContent: "Next:" }),
        " ", link);
    } else {
      line.textContent = "Every step of this path is done ✓";
    }
  }
}

function markNextStep() {
  const box = document.querySelector(".atlas-next");
  if (!box) return;
  const paths = JSON.parse(box.querySelector(".atlas-next__paths").textContent);
  const path = paths[sessionStorage.getItem(PATH_KEY) || ""];
  if (!path) return;
  const line = box.querySelector(".atlas-next__default");
  const where = `Step ${path.step} of ${path.of} in “${path.name}”. `;
  if (path.next) {
    const link = Object.assign(document.createElement("a"), {
      href: path.next.url,
      textContent: path.next.title,
    });
    line.replaceChildren(where,
      Object.assign(document.createElement("strong"), { textContent: "Next:" }), " ", link);
    const footer = document.querySelector(".md-footer__link--next");
    if (footer) {
      footer.href = path.next.url;
      footer.setAttribute("aria-label", `Next: ${path.next.title}`);
      const title = footer.querySelector(".md-ellipsis");
      if (title) title.textContent = path.next.title;
    }
  } else {
    line.replaceChildren(`${where}That was the last step of this path: well done.`);
  }
}

function render() {
  const done = readDone();
  markToggles(done);
  markMaps(done);
  markAreaProgress(done);
  markPaths(done);
}

// --- previews -----------------------------------------------------------------

let open = null; // { figure, node, card }

function closePreview() {
  if (!open) return;
  open.card.remove();
  open.node.removeAttribute("aria-describedby");
  open = null;
}

// A preview opened by a mouse is passive: the pointer goes through it to the nodes below,
// and a click on the node itself opens the page. Opened by a tap or the keyboard, its link
// is the way in.
function showPreview(figure, g, passive = false) {
  const node = mapData(figure).nodes[nodeId(g)];
  if (!node) return;
  if (open && open.node === g) {
    open.card.classList.toggle("atlas-preview--passive", passive);
    return;
  }
  closePreview();
  const card = document.createElement("div");
  card.className = passive ? "atlas-preview atlas-preview--passive" : "atlas-preview";
  card.id = `${figure.id}-preview`;
  card.setAttribute("role", "tooltip");
  const heading = document.createElement("p");
  heading.className = "atlas-preview__title";
  heading.textContent = node.title || node.label;
  card.append(heading);
  if (node.planned) {
    card.append(Object.assign(document.createElement("p"), {
      textContent: "Planned: this topic has no page yet.",
    }));
  } else if (node.title) {
    if (node.level) {
      card.append(Object.assign(document.createElement("p"), {
        className: "atlas-preview__level", textContent: node.level,
      }));
    } else if (node.kind === "area") {
      card.append(Object.assign(document.createElement("p"), {
        className: "atlas-preview__level", textContent: "area",
      }));
    }
    if (node.summary) card.append(Object.assign(document.createElement("p"), { textContent: node.summary }));
    if (node.topic && readDone().has(node.topic)) {
      card.append(Object.assign(document.createElement("p"), {
        className: "atlas-preview__done", textContent: "Done ✓",
      }));
    }
    const url = mapData(figure).urls[nodeId(g)];
    card.append(Object.assign(document.createElement("a"), {
      className: "atlas-preview__open", href: url, textContent: `Open ${node.title} →`,
    }));
  }
  figure.append(card);
  const target = g.closest("a") || g;
  target.setAttribute("aria-describedby", card.id);
  const box = g.getBoundingClientRect();
  const frame = figure.getBoundingClientRect();
  const left = Math.min(Math.max(box.left - frame.left, 0), Math.max(frame.width - card.offsetWidth, 0));
  card.style.left = `${left}px`;
  card.style.top = `${box.bottom - frame.top + 6}px`;
  open = { figure, node: g, card };
}

function nodeFrom(event) {
  const g = event.target.closest?.("g.node");
  const figure = g?.closest(".atlas-map");
  return g && figure ? { g, figure } : null;
}

let lastPointer = "mouse";
let openBeforeTap = null;
let pointerIsDown = false;

function wirePreviews() {
  const figures = document.querySelectorAll(".atlas-map");
  if (!figures.length) return;
  for (const figure of figures) {
    const { nodes } = mapData(figure);
    for (const g of figure.querySelectorAll("svg g.node")) {
      const node = nodes[nodeId(g)];
      // A planned node has no link; it takes focus so its preview can be read.
      if (node?.planned && !g.closest("a")) {
        g.setAttribute("tabindex", "0");
        g.setAttribute("role", "button");
        g.setAttribute("aria-label", `${node.label}, planned`);
      }
    }
    figure.addEventListener("pointerover", (event) => {
      if (event.pointerType !== "mouse") return;
      const hit = nodeFrom(event);
      if (hit) showPreview(hit.figure, hit.g, true);
    });
    figure.addEventListener("focusin", (event) => {
      const hit = nodeFrom(event) || (event.target.matches?.("a") &&
        nodeFrom({ target: event.target.querySelector("g.node") || event.target }));
      if (hit) showPreview(hit.figure, hit.g, lastPointer === "mouse" && pointerIsDown);
    });
    figure.addEventListener("click", (event) => {
      const hit = nodeFrom(event);
      if (!hit) return;
      // On touch, the first tap shows the preview; its link (or a second tap) opens the page.
      // (The tap also focuses the link, which opens the preview: what counts is whether it
      // was open before this tap began.)
      if (lastPointer === "touch" && openBeforeTap !== hit.g) {
        event.preventDefault();
        showPreview(hit.figure, hit.g);
      }
    });
  }
  // Some touch screens send touch events with no pointer events before the click.
  document.addEventListener("touchstart", () => {
    lastPointer = "touch";
    openBeforeTap = open ? open.node : null;
  }, { capture: true, passive: true });
  document.addEventListener("pointerup", () => { pointerIsDown = false; }, true);
  document.addEventListener("pointerdown", (event) => {
    lastPointer = event.pointerType || "mouse";
    pointerIsDown = true;
    openBeforeTap = open ? open.node : null;
    if (open && !open.figure.contains(event.target)) closePreview();
    else if (open && !event.target.closest("g.node, .atlas-preview")) closePreview();
  }, true);
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape") closePreview();
  });
  document.addEventListener("pointerout", (event) => {
    if (!open || event.pointerType !== "mouse") return;
    const to = event.relatedTarget;
    if (to && (open.node.contains(to) || open.card.contains(to))) return;
    if (to && to.closest?.("g.node")) return; // pointerover shows that one
    closePreview();
  });
}

// --- pan and zoom (only maps that no phone can show whole) ------------------

function wirePanZoom() {
  for (const figure of document.querySelectorAll(".atlas-map--pan")) {
    const view = figure.querySelector(".atlas-map__view");
    const bar = document.createElement("div");
    bar.className = "atlas-map__controls";
    let zoom = 1;
    const apply = () => view.style.setProperty("--atlas-zoom", zoom);
    const button = (label, action) => {
      const b = Object.assign(document.createElement("button"), { type: "button", textContent: label });
      b.addEventListener("click", action);
      bar.append(b);
    };
    button("Zoom out", () => { zoom = Math.max(0.5, zoom / 1.25); apply(); });
    button("Zoom in", () => { zoom = Math.min(3, zoom * 1.25); apply(); });
    if (figure.requestFullscreen) {
      button("Full screen", () => figure.requestFullscreen());
    }
    figure.prepend(bar);
  }
}

// --- wiring ---------------------------------------------------------------------

document.addEventListener("click", (event) => {
  const toggleButton = event.target.closest(".atlas-done-toggle");
  if (toggleButton) toggle(toggleButton.dataset.topic);
  if (event.target.closest("[data-atlas-reset]")) writeDone(new Set());
  const pathLink = event.target.closest("ol.atlas-path a");
  if (pathLink) sessionStorage.setItem(PATH_KEY, pathLink.closest("ol.atlas-path").dataset.path);
});
window.addEventListener("storage", (event) => {
  if (event.key === DONE_KEY || event.key === null) render();
});

// What only works with this script is in the page from the start, its space kept
// (stylesheets/maps.css), and shown from here on: nothing moves when it appears.
// Marked one by one, not with a class on <html>, which would restyle the whole page.
for (const control of document.querySelectorAll(".atlas-js-only")) control.classList.add("atlas-ready");

// Blocks below the first screen are laid out only as they come near it (atlas.css), so a
// jump to a heading may land while the blocks around it still have their estimated height.
// Once they have their real one, the heading is put back where the jump put it.
function landOnTarget() {
  if (!document.querySelector(".atlas-deep-dive")) return; // the only pages laid out lazily
  const hash = location.hash;
  const id = decodeURIComponent(hash.slice(1));
  const target = id && document.getElementById(id);
  if (!target) return;
  // Watched for half a second (blocks take a frame or two to be laid out), and left alone
  // as soon as the reader scrolls.
  let frames = 30;
  let moves = 4;
  const stop = () => { frames = 0; };
  const inputs = ["wheel", "touchstart", "keydown", "mousedown"];
  for (const type of inputs) addEventListener(type, stop, { once: true, passive: true });
  const settle = () => {
    if (location.hash !== hash) frames = 0; // another jump has its own watch
    if (frames-- <= 0) {
      for (const type of inputs) removeEventListener(type, stop);
      return;
    }
    const margin = parseFloat(getComputedStyle(target).scrollMarginTop) || 0;
    const off = target.getBoundingClientRect().top - margin;
    const atEnd = scrollY + innerHeight >= document.documentElement.scrollHeight - 1;
    if (Math.abs(off) > 1 && !(off > 0 && atEnd) && moves-- > 0) target.scrollIntoView();
    requestAnimationFrame(settle);
  };
  requestAnimationFrame(settle);
}
window.addEventListener("hashchange", landOnTarget);
if (document.readyState === "complete") landOnTarget();
else window.addEventListener("load", landOnTarget, { once: true });

// Material's search is a dialog with no name; screen readers announce it as "Search".
document.querySelector('.md-search[role="dialog"]:not([aria-label])')
  ?.setAttribute("aria-label", "Search");

render();
markNextStep();
wirePreviews();
wirePanZoom();
