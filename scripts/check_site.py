#!/usr/bin/env python3
"""Check a MkDocs site: links, anchors, nav, images, Mermaid syntax and click targets.

The thin entry the Makefile calls; the command line itself is `sitecheck.cli.main`.
Exit codes: 0 no errors, 1 errors found, 2 the check could not run.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sitecheck.cli import main

if __name__ == "__main__":
    sys.exit(main())
