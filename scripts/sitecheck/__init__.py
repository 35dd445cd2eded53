"""Site checker for MkDocs sites: it runs MkDocs' own pipeline (without the theme) and judges
the rendered pages' links, anchors, nav, images, Mermaid diagrams and their clicks, reporting
each defect at its source line. `sitecheck.cli.main` is the command line (`scripts/check_site.py`
calls it); `sitecheck.checker.check(Options(config=...))` runs the whole check and returns a
Report (its `findings`, and the counts). Kept free of imports so that the Mermaid worker
processes start fast."""
