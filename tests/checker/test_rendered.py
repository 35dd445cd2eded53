"""Reading rendered HTML: URLs, ids, Mermaid blocks whatever made them, literal references."""

from __future__ import annotations

from sitecheck.rendered import read_html


def test_urls_ids_and_srcset() -> None:
    html = (
        '<h2 id="part">Part<a class="headerlink" href="#part">&para;</a></h2>\n'
        '<p><a href="a/?q=1&amp;r=2#x">a</a> <img src="i.png" srcset="i-2x.png 2x, i-3x.png 3x">'
        ' <a name="old"></a></p>\n'
        '<!-- <a href="commented.md">no</a> -->\n'
        '<script src="s.js">var t = "<a href=\'in-a-string\'>";</script>\n'
    )
    r = read_html(html)
    assert [(u.tag, u.attr, u.value) for u in r.urls] == [
        ("a", "href", "#part"), ("a", "href", "a/?q=1&r=2#x"), ("img", "src", "i.png"),
        ("img", "srcset", "i-2x.png"), ("img", "srcset", "i-3x.png"), ("script", "src", "s.js"),
    ]
    assert r.ids == {"part", "old"}
    assert r.urls[1].text == "a"


def test_mermaid_blocks_whatever_made_them() -> None:
    html = (
        '<pre class="mermaid"><code>graph TD\n  A[&quot;x&lt;br/&gt;y&quot;] --&gt; B\n'
        '</code></pre>\n'
        '<div class="diagram mermaid">graph LR\n  C --&gt; D\n</div>\n'
        '<pre><code class="language-mermaid">graph LR\n  E\n</code></pre>\n'
        '<pre class="highlight"><code>graph TD</code></pre>\n'
    )
    assert [d.text for d in read_html(html).diagrams] == [
        'graph TD\n  A["x<br/>y"] --> B\n', "graph LR\n  C --> D\n"]
    # mermaid2 turns plain fenced code into diagrams after the page is rendered
    assert len(read_html(html, language_mermaid=True).diagrams) == 3


def test_literal_references_outside_code() -> None:
    html = (
        "<p>See [the <em>guide</em>][guide] and [this][], not [a shortcut].</p>\n"
        "<p>[text]<sup id=\"fnref:1\"><a href=\"#fn:1\">1</a></sup></p>\n"
        "<pre><code>[code][ref]</code></pre><p><code>[span][ref]</code></p>\n"
    )
    refs = read_html(html).literal_refs
    assert [(r.text, r.label) for r in refs] == [("the guide", "guide"), ("this", "")]
