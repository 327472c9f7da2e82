"""View building (views.py) details that pages rely on."""

from __future__ import annotations

from urllib.parse import quote, urlencode

from hypothesis import example, given
from hypothesis import strategies as st

from atlasgen.views import share_links


@given(st.text(max_size=30), st.text(max_size=30))
@example("https://news.example.org/a b/?q=1&r=2#x", 'Rates up 5% & "more" + less / é')
def test_share_urls_quote_as_urlencode_does(url: str, title: str) -> None:
    x, facebook, linkedin, whatsapp, email = (link.url for link in share_links(url, title))
    assert x == "https://twitter.com/intent/tweet?" + urlencode({"url": url, "text": title})
    assert facebook == "https://www.facebook.com/sharer/sharer.php?u=" + quote(url, safe="")
    assert linkedin == "https://www.linkedin.com/sharing/share-offsite/?url=" + quote(url, safe="")
    assert whatsapp == "https://wa.me/?" + urlencode({"text": f"{title} {url}"})
    assert email == "mailto:?" + urlencode({"subject": title, "body": url}, quote_via=quote)
