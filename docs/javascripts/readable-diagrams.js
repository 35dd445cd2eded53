// Keep diagrams readable on narrow screens. (The file name avoids "mermaid":
// mermaid2 takes any extra_javascript entry so named for the Mermaid library.)
//
// Mermaid sizes each SVG with `max-width: <natural width>` and width 100%, so
// on a phone a wide map shrinks until its labels are a few pixels tall.
// Material draws the SVG inside a closed shadow root, out of reach of the
// stylesheet, so the floor is set on the SVG as it is rendered: it may shrink
// to 70% of its natural width and no further, and anything wider scrolls
// inside its own `.mermaid` box (see stylesheets/atlas.css). The wrapper is
// installed during DOMContentLoaded's capture phase, before Material renders.
window.addEventListener(
  "DOMContentLoaded",
  () => {
    if (typeof mermaid === "undefined") return;
    const render = mermaid.render.bind(mermaid);
    mermaid.render = async (...args) => {
      const result = await render(...args);
      result.svg = result.svg.replace(
        /max-width: ([\d.]+)px;/,
        (style, width) => `${style} min-width: ${Math.round(width * 0.7)}px;`,
      );
      return result;
    };
  },
  { capture: true, once: true },
);
