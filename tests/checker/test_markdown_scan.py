"""The scanner: one pass over a page gives its links, headings, ids and fences, with lines."""

from __future__ import annotations

import pytest
from sitecheck.markdown_scan import (
    Fence,
    Heading,
    Link,
    ScanOptions,
    UndefinedRef,
    decode,
    fence_lang,
    indent_width,
    scan_markdown,
    strip_columns,
)


def links(text: str, **options: bool) -> list[tuple[str, str, int, int]]:
    scan = scan_markdown(text, ScanOptions(**options))
    return [(k.kind, k.target, k.line, k.column) for k in scan.links]


def test_inline_links_images_and_titles() -> None:
    text = 'Go [home](index.md "Home") or see ![a chart](img/c.png).\n[b](<with space.md>)\n'
    assert links(text) == [
        ("link", "index.md", 1, 4),
        ("image", "img/c.png", 1, 35),
        ("link", "with space.md", 2, 1),
    ]


def test_link_wrapped_over_lines_is_found_at_its_start() -> None:
    assert links("Intro text [a link\nthat wraps](page.md#x) ends.\n") == [
        ("link", "page.md#x", 1, 12)
    ]


def test_parentheses_inside_a_destination() -> None:
    assert links("[w](https://en.wikipedia.org/wiki/Go_(game)) and more\n") == [
        ("link", "https://en.wikipedia.org/wiki/Go_(game)", 1, 1)
    ]


def test_image_inside_a_link_gives_both() -> None:
    assert links("[![logo](logo.png)](index.md)\n") == [
        ("link", "index.md", 1, 1),
        ("image", "logo.png", 1, 2),
    ]


def test_reference_links_report_their_definition() -> None:
    text = "Use [one][Ref] and [Ref][] and [ref].\n\n[ref]: target.md#part 'Title'\n"
    scan = scan_markdown(text)
    assert [(k.kind, k.target, k.line, k.column, k.label, k.def_line, k.def_column)
            for k in scan.links] == [
        ("link", "target.md#part", 1, 5, "ref", 3, 8),
        ("link", "target.md#part", 1, 20, "ref", 3, 8),
        ("link", "target.md#part", 1, 32, "ref", 3, 8),
    ]


def test_reference_image_is_one_image_not_a_link_too() -> None:
    text = "![chart][c]\n\n[c]: c.png\n"
    assert links(text) == [("image", "c.png", 1, 1)]


def test_undefined_full_reference_is_reported_but_shortcut_text_is_not() -> None:
    scan = scan_markdown("A [link][nowhere], a [task] box and [ ] text.\n")
    assert scan.links == []
    assert scan.undefined_refs == [UndefinedRef("nowhere", 1, 3)]


def test_footnotes_are_not_links_but_give_ids() -> None:
    scan = scan_markdown("Text[^1].\n\n[^1]: The [note](n.md).\n")
    assert [(k.target, k.line) for k in scan.links] == [("n.md", 3)]
    assert scan.ids == ["fn:1", "fnref:1"]
    assert scan_markdown("[^1]: x\n", ScanOptions(footnotes=False)).ids == []


def test_code_spans_fences_indented_code_and_comments_are_skipped() -> None:
    text = "\n".join(
        [
            "`[a](1.md)` and ``[b](`2`.md)``",
            "",
            "```",
            "[c](3.md)",
            "```",
            "",
            "~~~~ md",
            "~~~",
            "[d](4.md)",
            "~~~~",
            "",
            "    [e](5.md)",
            "",
            "    [f](6.md)",
            "",
            "<!-- [g](7.md) -->",
            "<!--",
            "[h](8.md)",
            "-->",
            "[ok](9.md)",
        ]
    )
    assert links(text) == [("link", "9.md", 20, 1)]


def test_escaped_brackets_are_text() -> None:
    assert links(r"\[not](a.md) but [yes](b.md)" + "\n") == [("link", "b.md", 1, 18)]


def test_raw_html_href_src_and_ids() -> None:
    text = (
        '<a href="x/">X</a> <img\n  src=\'img.png\' alt="i"> <a id="top"></a> <a name="n"></a>\n'
        '<div id="box" markdown>\n[inner](in.md)\n</div>\n'
    )
    scan = scan_markdown(text)
    assert [(k.kind, k.target, k.line, k.column, k.tag) for k in scan.links] == [
        ("html", "x/", 1, 10, "a"),
        ("html", "img.png", 2, 8, "img"),
        ("link", "in.md", 4, 1, None),
    ]
    assert scan.ids == ["top", "n", "box"]


def test_autolinks_and_magiclink() -> None:
    assert links("<https://a.example/x> and https://b.example/y.\n") == [
        ("autolink", "https://a.example/x", 1, 2)
    ]
    assert links("see https://b.example/y.\n", magiclink=True) == [
        ("autolink", "https://b.example/y", 1, 5)
    ]


def test_attr_list_ids() -> None:
    text = "A paragraph.\n{ #para .wide }\n\n![i](i.png){ #pic }\n"
    assert scan_markdown(text).ids == ["para", "pic"]
    assert scan_markdown(text, ScanOptions(attr_list=False)).ids == []


def test_headings_atx_setext_and_custom_ids() -> None:
    text = (
        "# Title #\n\n## A [link](a.md) heading { #custom }\n\n"
        "Setext\n======\n\nTwo\n---\n#Hash\n"
    )
    scan = scan_markdown(text)
    assert scan.headings == [
        Heading(1, "Title", 1),
        Heading(2, "A [link](a.md) heading { #custom }", 3),
        Heading(1, "Setext", 5),
        Heading(2, "Two", 8),
        Heading(1, "Hash", 10),
    ]
    assert [(k.target, k.line, k.column) for k in scan.links] == [("a.md", 3, 6)]


def test_a_rule_after_a_blank_line_is_not_a_setext_heading() -> None:
    assert scan_markdown("Text\n\n---\n\nMore\n").headings == []


def test_front_matter_is_skipped() -> None:
    text = "---\ntitle: '[x](y.md)'\nprerequisites: [a.md]\n---\n\n# Page\n[z](z.md)\n"
    scan = scan_markdown(text)
    assert scan.headings == [Heading(1, "Page", 6)]
    assert links(text) == [("link", "z.md", 7, 1)]


def test_fences_in_admonitions_tabs_and_lists_are_dedented() -> None:
    text = "\n".join(
        [
            "!!! note",
            "",
            "    ```mermaid",
            "    graph TD",
            "        A --> B",
            "    ```",
            "",
            '=== "Tab"',
            "",
            "    !!! tip",
            "",
            "        ~~~ {.mermaid title='x'}",
            "        pie",
            "        ~~~",
            "",
            "1. Step",
            "",
            "    ```python",
            "    print()",
            "    ```",
        ]
    )
    assert scan_markdown(text).fences == [
        Fence("mermaid", 3, 4, 4, "graph TD\n    A --> B"),
        Fence("mermaid", 12, 13, 8, "pie"),
        Fence("python", 18, 19, 4, "print()"),
    ]


def test_indented_code_inside_a_container_needs_eight_columns() -> None:
    text = "- item\n\n    [para](p.md)\n\n        [code](c.md)\n"
    assert links(text) == [("link", "p.md", 3, 5)]


def test_lazy_continuation_of_a_list_item() -> None:
    text = "- item [one](1.md)\ncontinued [two](2.md)\n"
    assert links(text) == [("link", "1.md", 1, 8), ("link", "2.md", 2, 11)]


def test_longer_fence_holds_shorter_ones() -> None:
    text = "````md\n```mermaid\ngraph\n```\n[x](x.md)\n````\n[y](y.md)\n"
    scan = scan_markdown(text)
    assert [f.lang for f in scan.fences] == ["md"]
    assert links(text) == [("link", "y.md", 7, 1)]


def test_math_is_masked_only_with_arithmatex() -> None:
    text = "Index $a[i][j]$ here.\n"
    assert scan_markdown(text, ScanOptions(arithmatex=True)).undefined_refs == []
    assert scan_markdown(text).undefined_refs == [UndefinedRef("j", 1, 9)]


def test_blockquotes_hold_links() -> None:
    assert links("> quoted [q](q.md)\n") == [("link", "q.md", 1, 10)]


def test_crlf_and_tabs() -> None:
    text = "# T\r\n\r\n\t[tab code](t.md)\r\n\r\n[x](x.md)\r\n"
    assert links(text) == [("link", "x.md", 5, 1)]


@pytest.mark.parametrize(
    ("info", "lang"),
    [("mermaid", "mermaid"), ("{.mermaid}", "mermaid"), (" .Mermaid title='a'", "mermaid"),
     ("", ""), ("{ .py #id }", "py")],
)
def test_fence_lang(info: str, lang: str) -> None:
    assert fence_lang(info) == lang


def test_indent_helpers() -> None:
    assert indent_width("\t  x") == 6
    assert indent_width("  \tx") == 4
    assert strip_columns("      x", 4) == ("  x", 4)
    assert strip_columns("\tx", 4) == ("x", 1)
    assert strip_columns("  x", 4) == ("x", 2)


def test_decode_reports_the_first_bad_byte() -> None:
    assert decode("\ufeffok".encode()) == ("ok", None)
    text, problem = decode(b"line one\nab\xffcd\n")
    assert text == "line one\nab\ufffdcd\n"
    assert problem == (2, 3, "byte 0xff is not valid UTF-8 (invalid start byte); "
                             "save the file as UTF-8")
    # columns count characters, not bytes, and not the byte-order mark
    assert decode("\ufeffé".encode() + b"\xff")[1][:2] == (1, 2)


def test_link_record_is_hashable_and_complete() -> None:
    link = Link("link", "a.md", 1, 2)
    assert {link: 1}[Link("link", "a.md", 1, 2)] == 1


def test_a_bracketed_phrase_before_a_footnote_is_no_reference() -> None:
    scan = scan_markdown("A phrase [as written][^1], then [a ref][nowhere].\n\n[^1]: Note.\n")
    assert [r.label for r in scan.undefined_refs] == ["nowhere"]
