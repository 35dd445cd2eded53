// check-site's dev-server panel: the findings of the page in view, and a broken diagram's
// message at the diagram's place. The plugin injects this module only under `mkdocs serve`;
// live reload reloads the page, and with it this module and the findings of the new build.

const STYLE = `
#check-site-panel {
  position: fixed; right: 1rem; bottom: 1rem; z-index: 10000; max-width: min(42rem, 90vw);
  max-height: 45vh; overflow: auto; padding: .6rem .8rem; border: 2px solid #b71c1c;
  border-radius: .4rem; background: #fff; color: #1a1a1a; box-shadow: 0 .2rem .8rem #0004;
  font: 13px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
}
#check-site-panel.check-site-warnings { border-color: #8a5a00; }
#check-site-panel header { display: flex; gap: 1rem; justify-content: space-between;
  font-weight: bold; }
#check-site-panel button { font: inherit; cursor: pointer; background: none; border: 0;
  color: inherit; }
#check-site-panel ol { margin: .4rem 0 0; padding-left: 1.2rem; }
#check-site-panel li { margin: .15rem 0; white-space: pre-wrap; }
#check-site-panel .error { color: #b71c1c; }
#check-site-panel .warning { color: #8a5a00; }
#check-site-panel.check-site-folded ol, #check-site-panel.check-site-folded p { display: none; }
.check-site-diagram { margin: 1em 0; padding: .6rem .8rem; border-left: 4px solid #b71c1c;
  background: #fdecea; color: #1a1a1a;
  font: 13px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.check-site-diagram pre { margin: .4rem 0 0; white-space: pre; overflow-x: auto; }
`;

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

function describe(f) {
  const hint = f.hint ? ` (did you mean '${f.hint}'?)` : "";
  return `${f.severity} ${f.rule}: ${f.message}${hint}`;
}

// Diagram blocks of the page in order, whatever Material or a hook has turned them into.
function diagrams() {
  const blocks = [...document.querySelectorAll(".mermaid")];
  return blocks.filter((b, k) => blocks.indexOf(b) === k && !b.parentElement.closest(".mermaid"));
}

function markDiagram(block, f, path) {
  const excerpt = `${String(f.line).padStart(5)} | ${f.excerpt}\n      | ${f.caret}`;
  const box = element(
    "div",
    { class: "check-site-diagram", role: "alert", "data-line": String(f.line) },
    element("strong", {}, `${path}:${f.line}:${f.column}: ${describe(f)}`),
    element("pre", {}, excerpt),
  );
  block.before(box);
}

function render(data, path) {
  const mine = data.files[path] || [];
  const elsewhere = Object.entries(data.files).filter(([p]) => p !== path);
  const others = elsewhere.reduce((n, [, list]) => n + list.length, 0);
  const blocks = diagrams();
  for (const f of mine) {
    if (f.diagram !== null && blocks[f.diagram]) markDiagram(blocks[f.diagram], f, path);
  }
  if (mine.length === 0 && others === 0) return;
  const errors = mine.some((f) => f.severity === "error");
  const title = mine.length === 1 ? "1 finding on this page" : `${mine.length} findings on this page`;
  const fold = element("button", { type: "button", "aria-expanded": "true" }, "hide");
  const panel = element(
    "aside",
    { id: "check-site-panel", "aria-label": "check-site findings", role: "status" },
    element("header", {}, element("span", {}, `check-site: ${title}`), fold),
  );
  if (!errors) panel.classList.add("check-site-warnings");
  if (mine.length) {
    const list = element("ol", { class: "check-site-findings" });
    for (const f of mine) {
      list.append(element(
        "li",
        { class: f.severity, "data-line": String(f.line), "data-rule": f.rule },
        `${path}:${f.line}:${f.column}: ${describe(f)}`,
      ));
    }
    panel.append(list);
  }
  if (others) {
    const names = elsewhere.map(([p, list]) => `${p} (${list.length})`).join(", ");
    panel.append(element("p", { class: "check-site-elsewhere" }, `elsewhere: ${names}`));
  }
  fold.addEventListener("click", () => {
    const folded = panel.classList.toggle("check-site-folded");
    fold.textContent = folded ? "show" : "hide";
    fold.setAttribute("aria-expanded", String(!folded));
  });
  document.body.append(panel);
}

async function main() {
  const info = document.getElementById("check-site-page");
  if (!info) return;
  const { page } = JSON.parse(info.textContent);
  const response = await fetch(new URL("findings.json", import.meta.url), { cache: "no-store" });
  if (!response.ok) return;
  document.head.append(element("style", {}, STYLE));
  render(await response.json(), page);
}

main().catch((error) => console.warn("check-site panel:", error));
