"""Site checker for MkDocs sites: links, anchors, nav, images, Mermaid diagrams and their clicks,
resolved as the built site resolves them. `scripts/check_site.py` is its command line; the
entry point is `sitecheck.checker.check`. Kept free of imports so that the Mermaid worker
processes start fast."""
