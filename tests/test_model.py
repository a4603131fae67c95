"""Ids and dates, as the contract defines them."""

from __future__ import annotations

import pytest

from briefing.model import KbDate, is_valid_id, is_valid_provision_id, slugify


@pytest.mark.parametrize(
    ("text", "display", "precision"),
    [
        ("2021-12-14", "14 December 2021", "day"),
        ("2021-12", "December 2021", "month"),
        ("2021", "2021", "year"),
        ("2024-02-29", "29 February 2024", "day"),
    ],
)
def test_dates_display_at_their_own_precision(text, display, precision):
    date = KbDate.parse(text)
    assert date is not None
    assert date.display() == display
    assert date.precision == precision
    assert date.iso() == text


@pytest.mark.parametrize(
    "text",
    ["2021-13", "2021-02-30", "2023-02-29", "21-12-14", "14/12/2021", "2021-1-5", "", "soon"],
)
def test_malformed_dates_are_rejected(text):
    assert KbDate.parse(text) is None


def test_dates_sort_by_their_earliest_day_and_cover_their_last():
    year, month, day = KbDate.parse("2021"), KbDate.parse("2021-12"), KbDate.parse("2021-12-14")
    assert sorted([day, month, year], key=lambda d: d.sort_key) == [year, month, day]
    assert year.last_day_key == (2021, 12, 31)
    assert KbDate.parse("2024-02").last_day_key == (2024, 2, 29)


@pytest.mark.parametrize("text", ["emin-milli", "trilateral-statement-2020-11-09", "x", "2324"])
def test_valid_ids(text):
    assert is_valid_id(text)


@pytest.mark.parametrize("text", ["Emin-Milli", "emin_milli", "-x", "x-", "a--b", "é", "a b", ""])
def test_invalid_ids(text):
    assert not is_valid_id(text)


def test_provision_ids_and_slugs():
    assert is_valid_provision_id("trilateral-statement-2020-11-09/9")
    assert is_valid_provision_id("agreement/3a")
    assert not is_valid_provision_id("agreement/")
    assert not is_valid_provision_id("agreement")
    assert slugify("Emin_Milli") == "emin-milli"
    assert slugify("  Statement of 9 November 2020! ") == "statement-of-9-november-2020"


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("İlham Əliyev", "ilham-eliyev"),
        ("Azərbaycan Respublikası", "azerbaycan-respublikasi"),
        ("Şuşa, Gəncə və Bakı", "susa-gence-ve-baki"),
        ("Łódź Øresund Straße", "lodz-oresund-strasse"),
        ("Նիկոլ Փաշինյան", ""),  # no Latin letter: the contributor gives the id
        ("Nikol Փաշինյան 2021", "nikol-2021"),
    ],
)
def test_slugs_fold_the_regions_letters_as_search_does(title, slug):
    from briefing.search.records import folded_variants

    assert slugify(title) == slug
    # one table: the id and the spelling search adds agree letter for letter
    for word in title.split():
        for variant in folded_variants(word):
            assert slugify(variant) == slugify(word), word


def test_slugs_are_cut_at_a_word():
    assert slugify("A " + "word " * 30, max_length=60) == "a" + "-word" * 11
    assert slugify("Supercalifragilistic", max_length=5) == "supercalifragilistic"
