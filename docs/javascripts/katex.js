// Typeset maths on every page view, including instant navigation:
// arithmatex (generic mode) leaves \( … \) and \[ … \] in the HTML for KaTeX.
document$.subscribe(({ body }) => {
  renderMathInElement(body, {
    delimiters: [
      { left: "\\(", right: "\\)", display: false },
      { left: "\\[", right: "\\]", display: true },
    ],
    throwOnError: false,
  });
});
