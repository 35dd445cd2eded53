"""Keep markup such as `<br/>` in Mermaid labels.

mermaid2's `fence_mermaid_custom` writes the diagram source into the page
unescaped, for loaders that read innerHTML. Material reads the block's
textContent instead, so an unescaped `<br/>` turns into an element and
vanishes ("CNNs<br/>vision" is drawn as "CNNsvision"). The wrapper escapes the
source first. It keeps the name mermaid2 looks for in the superfences config,
so mermaid2 still hands the diagrams to Material's loader.
"""

from __future__ import annotations

import html

from mermaid2 import fence_mermaid_custom as unescaped_fence


def fence_mermaid_custom(source, language, css_class, options, md, **kwargs):
    return unescaped_fence(html.escape(source, quote=False), language, css_class, options, md,
                           **kwargs)


def on_config(config):
    fences = config.mdx_configs.get("pymdownx.superfences", {}).get("custom_fences", [])
    for fence in fences:
        if fence.get("format") is unescaped_fence:
            fence["format"] = fence_mermaid_custom
    return config
