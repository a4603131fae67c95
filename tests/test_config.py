"""``briefing_*`` configuration values are validated when the build starts."""

from __future__ import annotations

import pytest

from briefing.config import Book, books

from conftest import warning_lines


@pytest.mark.sphinx("html", testroot="config")
def test_malformed_configuration_is_reported_and_skipped(app, warning):
    assert warning_lines(warning) == [
        "WARNING: briefing_books entry 2: 'root' is required and must be a non-empty "
        "string. [briefing.config]",
        "WARNING: briefing_books entry 2: unknown key 'colour' (known: author, date, "
        "name, paper, pdf_variant, root, subtitle, title). [briefing.config]",
        "WARNING: briefing_books entry 2: 'paper' must be one of A4, letter. [briefing.config]",
        "WARNING: briefing_books entry 3: a book must be a dict, not str. [briefing.config]",
        "WARNING: briefing_pax_url must contain '{id}'. [briefing.config]",
    ]
    assert books(app.config) == [Book(name="good", root="index", title="A good book")]
