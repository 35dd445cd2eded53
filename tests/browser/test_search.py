"""Material's search, in the browser with its worker: "attention" finds the Transformers page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("base", ["root", "atlas"])
def test_searching_attention_finds_the_transformers_page(atlas, base):
    tab = atlas.tab(base, "desktop")
    tab.open("")
    page = tab.page
    # The worker has loaded the index once the placeholder text changes.
    expect(page.locator(".md-search-result__meta")).not_to_have_text("Initializing search")
    box = page.locator(".md-search__input")
    box.click()
    box.press_sequentially("attention")
    results = page.locator(".md-search-result__list > .md-search-result__item > a")
    expect(results.first).to_be_visible()
    found = {
        (results.nth(i).get_attribute("href") or "").split("?")[0].split("#")[0]
        for i in range(results.count())
    }
    transformers = tab.server.url + "deep-learning/transformers/"
    assert transformers in found, f"results: {sorted(found)}"

    # ...and the result opens it.
    hit = results.filter(has=page.locator("h1")).filter(has_text="Transformers").first
    with page.expect_navigation():
        hit.click()
    assert page.url.split("?")[0] == transformers
    expect(page.locator("h1")).to_contain_text("Transformers")
    assert tab.page_errors == []
    assert tab.foreign() == []
