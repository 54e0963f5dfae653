"""Ethnic groups and religions with CAMEO codes of their own: communities.tsv, its loader and the
matcher's COMMUNITY hits.

Every sentence here was written for these tests.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from thucydides import Pipeline
from thucydides.actors import lexicon as lexicon_module
from thucydides.actors.lexicon import Community, actor_label, load_lexicon
from thucydides.actors.match import COMMUNITY, IDENTITY, PEOPLE, Hit
from thucydides.errors import DataError

HEADER = "# communities.tsv -- a test file\ncode\tkind\tname\twords\tcountries\tnote\n"


# -- the data file -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "code", "kind", "name"),
    [
        ("Kurdish", "KUR", "ethnic", "Kurds"),
        ("Kurds", "KUR", "ethnic", "Kurds"),
        ("Hutu", "HUT", "ethnic", "Hutu"),
        ("Tutsis", "TUT", "ethnic", "Tutsi"),
        ("Pashtun", "PUS", "ethnic", "Pashtuns"),
        ("Roma", "GYP", "ethnic", "Roma"),
        ("Sunni", "MOSSUN", "religion", "Sunni Muslims"),
        ("Shi'ite", "MOSSHI", "religion", "Shia Muslims"),
        ("Shia", "MOSSHI", "religion", "Shia Muslims"),
        ("Alawites", "MOSALE", "religion", "Alawites"),
        ("Druze", "MOSDRZ", "religion", "Druze"),
        ("Muslims", "MOS", "religion", "Muslims"),
        ("Catholic", "CHRCTH", "religion", "Catholics"),
        ("Copts", "CHRCPT", "religion", "Copts"),
        ("Buddhist", "BUD", "religion", "Buddhists"),
        ("Jewish", "JEW", "religion", "Jews"),
        ("Hindus", "HIN", "religion", "Hindus"),
    ],
)
def test_a_word_names_its_community(word: str, code: str, kind: str, name: str) -> None:
    community = load_lexicon().communities[word]
    assert (community.code, community.kind, community.name) == (code, kind, name)


def test_a_row_is_read_with_all_its_values() -> None:
    communities = load_lexicon().communities
    assert communities["Kurdish"] == Community(
        "KUR", "ethnic", "Kurds", ("Kurd", "Kurds", "Kurdish"), ("ARM", "AZE", "DEU", "FRA", "GBR", "IRN", "IRQ")
    )
    assert communities["Hutus"].countries == ("BDI", "COD", "RWA")
    assert communities["Sunni"] == Community("MOSSUN", "religion", "Sunni Muslims", ("Sunni", "Sunnis"), ())
    assert communities["Shiites"].words == ("Shiite", "Shiites", "Shi'ite", "Shi'ites", "Shia", "Shias", "Shi'a")


def test_the_file_has_both_kinds_and_sixty_rows_or_more() -> None:
    rows = {community.code: community for community in load_lexicon().communities.values()}
    kinds = [community.kind for community in rows.values()]
    assert len(rows) >= 60
    assert kinds.count("ethnic") == 68 and kinds.count("religion") == 28


def test_no_word_is_also_a_country_or_identity_word() -> None:
    lexicon = load_lexicon()
    taken = set(lexicon.identities)
    for country in lexicon.countries.values():
        taken.update(country.aliases, country.adjectives, country.people, country.capitals)
    assert sorted(taken & set(lexicon.communities)) == []
    assert {"Arab", "Arabs", "Turkmen", "Uighur", "Baluch", "Tamil", "Albanians"}.isdisjoint(lexicon.communities)


def test_no_code_is_also_a_country_or_role_code() -> None:
    lexicon = load_lexicon()
    codes = {community.code for community in lexicon.communities.values()}
    assert sorted(codes & (set(lexicon.countries) | set(lexicon.roles))) == []


# -- malformed rows ------------------------------------------------------------------------------


KURDS = "KUR\tethnic\tKurds\tKurd|Kurds\tIRQ\t"


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (["KUR\ttribe\tKurds\tKurd\t\t"], "line 3: kind 'tribe' is not one of ethnic, religion"),
        (["kur\tethnic\tKurds\tKurd\t\t"], "line 3: code 'kur' is not 3, 6 or 9 upper-case letters"),
        (["MOSSU\treligion\tSunnis\tSunni\t\t"], "line 3: code 'MOSSU' is not 3, 6 or 9 upper-case letters"),
        (["CHR003\treligion\tEvangelicals\tEvangelical\t\t"], "line 3: code 'CHR003' is not 3, 6 or 9"),
        (["KUR\tethnic\tKurds\t | \t\t"], "line 3: KUR has no words"),
        (["KUR\tethnic\tKurds\tKurd\tIRQ|XYZ\t"], "line 3: country code XYZ is not in data/countries.tsv"),
        ([KURDS, "# a comment line", "HUT\tethnic\tHutu\tHutu|Kurds\t\t"], "line 5: word 'Kurds' is already KUR's"),
        ([KURDS, "HUT\tethnic\tHutu"], "line 4: 3 cells, expected 6"),
    ],
)
def test_a_malformed_row_names_file_and_line(
    rows: list[str], message: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "communities.tsv").write_text(HEADER + "\n".join(rows) + "\n", "utf-8")
    monkeypatch.setattr(lexicon_module, "resources", SimpleNamespace(files=lambda package: tmp_path))
    with pytest.raises(DataError, match=f"^data/communities.tsv, {message}"):
        lexicon_module._communities(load_lexicon().countries)


def test_a_good_test_file_is_read(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    rows = "HUT\tethnic\tHutu\tHutu|Hutus\tBDI|RWA\t\nMOSSUN\treligion\tSunni Muslims\tSunni\t\t\n"
    (tmp_path / "data" / "communities.tsv").write_text(HEADER + rows, "utf-8")
    monkeypatch.setattr(lexicon_module, "resources", SimpleNamespace(files=lambda package: tmp_path))
    communities = lexicon_module._communities(load_lexicon().countries)
    assert sorted(communities) == ["Hutu", "Hutus", "Sunni"]
    assert communities["Hutus"] == Community("HUT", "ethnic", "Hutu", ("Hutu", "Hutus"), ("BDI", "RWA"))


# -- the matcher ---------------------------------------------------------------------------------


def hits(pipeline: Pipeline, text: str) -> list[tuple[str, str, str]]:
    """``(kind, text, code)`` of each name hit (role nouns left out)."""
    doc = pipeline.nlp(text)
    found: list[Hit] = pipeline.actors.matcher.find(doc)
    return [
        (hit.kind, hit.span(doc).text, hit.value.code if hit.kind == COMMUNITY else hit.value)
        for hit in found
        if hit.kind != "sector"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kurdish fighters crossed the river.", [(COMMUNITY, "Kurdish", "KUR")]),
        (
            "Sunni and Shiite clerics met.",
            [(COMMUNITY, "Sunni", "MOSSUN"), (COMMUNITY, "Shiite", "MOSSHI")],
        ),
        ("Buddhist monks marched.", [(COMMUNITY, "Buddhist", "BUD")]),
        ("Hutu militias attacked Tutsi villages.", [(COMMUNITY, "Hutu", "HUT"), (COMMUNITY, "Tutsi", "TUT")]),
        ("Roman Catholic bishops gathered.", [(COMMUNITY, "Roman Catholic", "CHRCTH")]),
        ("Orthodox Christians lit candles.", [(COMMUNITY, "Orthodox Christians", "CHRDOX")]),
        ("Fulani herders clashed with Berber farmers.", [(COMMUNITY, "Fulani", "FUL"), (COMMUNITY, "Berber", "BER")]),
    ],
)
def test_community_words_are_hits_with_their_code(
    pipeline: Pipeline, text: str, expected: list[tuple[str, str, str]]
) -> None:
    assert hits(pipeline, text) == expected


def test_the_value_of_a_hit_is_the_community(pipeline: Pipeline) -> None:
    doc = pipeline.nlp("Kurdish fighters crossed the river.")
    (hit, *_) = pipeline.actors.matcher.find(doc)
    assert hit.value == load_lexicon().communities["Kurds"]


def test_a_person_named_like_a_faith_is_no_community(pipeline: Pipeline) -> None:
    assert hits(pipeline, "Saleh Muslim said the talks would resume.") == []


def test_a_faith_inside_a_name_the_recogniser_cut_short_is_no_community(pipeline: Pipeline) -> None:
    # the recogniser takes "Jean Marc" for the person and leaves "Christian Zongo" out
    assert hits(pipeline, "President Jean Marc Christian Zongo spoke on Sunday.") == []


def test_the_surname_alone_after_the_full_name_is_no_community(pipeline: Pipeline) -> None:
    found = hits(pipeline, "Saleh Muslim met Muslim leaders. Muslim said the talks would resume.")
    assert found == [(COMMUNITY, "Muslim", "MOS")]  # the leaders' faith, not the second "Muslim"
    analysis = pipeline.analyze_text("Saleh Muslim met the press. Muslim said the talks would resume.")
    (person,) = analysis.people
    assert [analysis.document.text[start:end] for start, end in person.mentions] == ["Saleh Muslim", "Muslim"]


def test_existing_kinds_keep_their_words(pipeline: Pipeline) -> None:
    assert hits(pipeline, "Tamil rebels and Sunni Arabs met Uighur exiles.") == [
        (IDENTITY, "Tamil", "LKA"),
        (COMMUNITY, "Sunni", "MOSSUN"),
        (PEOPLE, "Arabs", "ARB"),
        (IDENTITY, "Uighur", "CHN"),
    ]
    assert hits(pipeline, "Kurdish Peshmerga forces advanced.")[0][0] == "group"


def test_no_community_word_holds_another_name(pipeline: Pipeline) -> None:
    """No country, identity, seat, group or region name lies inside a community word, where the
    longer community word would win over it ("ethnic Albanians" would hide Albania's people)."""
    lexicon = load_lexicon()
    names = set(lexicon.identities) | set(lexicon.seats)
    for country in lexicon.countries.values():
        names.update(country.aliases, country.adjectives, country.people, country.capitals)
    for named in (*lexicon.groups, *lexicon.regions):
        names.update((named.name, *named.aliases))
    inside = []
    for word in lexicon.communities:
        doc = pipeline.nlp.make_doc(word)
        parts = {doc[i:j].text for i in range(len(doc)) for j in range(i + 1, len(doc) + 1)}
        inside += [(word, part) for part in sorted(parts & names)]
    assert inside == []


@pytest.mark.parametrize(
    ("code", "parts", "label"),
    [
        ("KURREB", (None, "KUR", "REB"), "Kurds (rebels)"),
        ("IRQMOSSUN", ("IRQ", "MOSSUN", ""), "Iraq: Sunni Muslims"),
        ("MOSSHIUAF", (None, "MOSSHI", "UAF"), "Shia Muslims (armed forces (unaligned))"),
        # a group's own code keeps the group's name; a state's code has no community
        ("IRQKURKDP", ("IRQ", "KUR", "KDP"), "Kurdistan Democratic Party"),
        ("PAKGOV", ("PAK", None, "GOV"), "Pakistan (government)"),
    ],
)
def test_community_codes_are_read_and_named(code: str, parts: tuple, label: str) -> None:
    lexicon = load_lexicon()
    country, community, roles = lexicon.community_in(code)
    assert (country, community.code if community else None, roles) == parts
    assert actor_label(code, lexicon) == label
