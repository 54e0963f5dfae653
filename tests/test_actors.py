"""The actors stage: countries, seats, role nouns, groups, identities and people, coded CAMEO-style.

Every sentence here was written for these tests.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from thucydides import Analysis, Pipeline
from thucydides.settings import ActorSettings, load_settings

PUBLISHED = dt.date(2023, 3, 1)


def coded(analysis: Analysis) -> dict[str, str]:
    """Mention text → actor code, for the coded mentions of an analysis."""
    return {m.text: m.actor for m in analysis.mentions if m.actor}


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Pakistani officials said on Monday that the talks would resume.", {"Pakistani officials": "PAKGOV"}),
        (
            "U.S. Marines moved into the town after the Taliban withdrew.",
            {"U.S. Marines": "USAMIL", "the Taliban": "AFGINSTAL"},
        ),
        (
            "Western intelligence agencies suspect the militants crossed the border.",
            {"Western intelligence agencies": "WSTSPY", "the militants": "---REB"},
        ),
        (
            "The Kremlin rejected the proposal, while Washington welcomed it.",
            {"The Kremlin": "RUSGOV", "Washington": "USAGOV"},
        ),
        ("Russian troops shelled the outskirts of Kharkiv.", {"Russian troops": "RUSMIL"}),
        (
            "Indian police arrested three Kashmiri separatists in Srinagar.",
            {"Indian police": "INDCOP", "three Kashmiri separatists": "INDSEP"},
        ),
        (
            "The Pakistani Taliban claimed the attack, and the Afghan Taliban denied any role.",
            {"The Pakistani Taliban": "PAKINSTAL", "the Afghan Taliban": "AFGINSTAL"},
        ),
        (
            "Hamas fighters fired rockets at Israeli towns, the Israeli military said.",
            {"Hamas fighters": "PSEREBHMS", "the Israeli military": "ISRMIL"},
        ),
        ("The European Union imposed sanctions on Belarus.", {"The European Union": "IGOEUREEC", "Belarus": "BLR"}),
        ("Baluch separatists attacked a convoy in Baluchistan.", {"Baluch separatists": "PAKSEP"}),
        (
            "Iranian state media said the navy had seized a tanker.",
            {"Iranian state media": "IRNMED", "the navy": "IRNMIL"},
        ),
        # police of the one state the sentence names
        ("Protesters in Tehran clashed with police.", {"Protesters in Tehran": "IRNOPP", "police": "IRNCOP"}),
        # a patron does not own: forces of no named state
        ("Turkish-backed forces fought near Aleppo.", {"Turkish-backed forces": "---MIL"}),
        ("Former senior officials in Kabul warned the council.", {"Former senior officials in Kabul": "AFGELI"}),
        ("The Americans asked Islamabad to act.", {"The Americans": "USA", "Islamabad": "PAKGOV"}),
    ],
)
def test_noun_phrases_are_coded(pipeline: Pipeline, sentence: str, expected: dict[str, str]) -> None:
    assert coded(pipeline.analyze_text(sentence, published=PUBLISHED)) == expected


@pytest.mark.parametrize(
    ("sentence", "absent"),
    [
        # A country or capital used as a location is a place, not an actor.
        ("Fighting continued in Afghanistan and in Kabul on Sunday.", {"Afghanistan", "Kabul"}),
        # "-backed" makes the country a patron, not the owner of the forces.
        # An adjective on an ordinary noun is not an actor.
        ("Troops were massed along the Indian border.", {"the Indian border", "Indian"}),
    ],
)
def test_locations_and_modifiers_are_not_actors(pipeline: Pipeline, sentence: str, absent: set[str]) -> None:
    assert not absent & set(coded(pipeline.analyze_text(sentence, published=PUBLISHED)))


def test_a_bare_institution_takes_the_country_just_named(pipeline: Pipeline) -> None:
    analysis = pipeline.analyze_text(
        "The attack happened in a remote district of Yemen. The army said it had repelled the raiders.",
        published=PUBLISHED,
    )
    assert coded(analysis)["The army"] == "YEMMIL"


def test_possessive_pronoun_takes_the_country_it_refers_to(pipeline: Pipeline) -> None:
    analysis = pipeline.analyze_text(
        "The envoy travelled to Egypt on Friday to calm its security chiefs.", published=PUBLISHED
    )
    assert coded(analysis)["its security chiefs"] == "EGYMIL"


def test_ethnic_adjectives_do_not_recode_a_named_group(pipeline: Pipeline) -> None:
    analysis = pipeline.analyze_text(
        "Officials described the ethnic Tajik and Uzbek fighters of the Northern Alliance.", published=PUBLISHED
    )
    assert "AFGREBNAL" in {a.id for a in analysis.actors}
    assert not {"TJKREBNAL", "UZBREBNAL"} & {a.id for a in analysis.actors}


@pytest.fixture(scope="module")
def people_analysis(pipeline: Pipeline) -> Analysis:
    text = (
        "Farida Rahimi, a senior Afghan diplomat, met Prime Minister Narendra Modi in New Delhi. "
        "Later, Rahimi told reporters that the meeting had gone well. "
        "Defence Minister Khawaja Asif said Pakistan was watching closely. "
        "Jamal Haider, a retired Pakistani general, disagreed."
    )
    return pipeline.analyze_text(text, published=PUBLISHED)


class TestPeople:
    @pytest.fixture
    def analysis(self, people_analysis: Analysis) -> Analysis:
        return people_analysis

    def person(self, analysis: Analysis, name: str):
        return next(p for p in analysis.people if p.name == name)

    def test_appositive_codes_the_person(self, analysis: Analysis) -> None:
        rahimi = self.person(analysis, "Farida Rahimi")
        assert (rahimi.actor, rahimi.coded_by, rahimi.description) == ("AFGGOV", "text", "a senior Afghan diplomat")

    def test_surname_mentions_are_linked(self, analysis: Analysis) -> None:
        rahimi = self.person(analysis, "Farida Rahimi")
        texts = [analysis.document.text[s:e] for s, e in rahimi.mentions]
        assert "Rahimi" in texts and "Farida Rahimi" in texts

    def test_office_table_codes_a_head_of_government(self, analysis: Analysis) -> None:
        modi = self.person(analysis, "Narendra Modi")
        assert (modi.actor, modi.coded_by, modi.title) == ("INDGOV", "office", "Prime Minister")

    def test_present_civil_title_overrides_a_past_office(self, analysis: Analysis) -> None:
        # The table holds only a 2008 post for this name; the text calls him minister now.
        asif = self.person(analysis, "Khawaja Asif")
        assert asif.actor == "PAKGOV"

    def test_retired_officer_is_an_elite(self, analysis: Analysis) -> None:
        haider = self.person(analysis, "Jamal Haider")
        assert haider.actor == "PAKELI"


def test_the_office_table_is_dated(pipeline: Pipeline) -> None:
    text = "President Asif Ali Zardari spoke to the cabinet."
    in_office = pipeline.analyze_text(text, published=dt.date(2010, 5, 1)).people[0]
    assert (in_office.actor, in_office.coded_by) == ("PAKGOV", "office")
    before = pipeline.analyze_text("Asif Ali Zardari spoke to reporters.", published=dt.date(2005, 5, 1)).people[0]
    assert before.actor is None  # not yet in office, and the text says nothing of him


def test_unknown_person_keeps_only_the_role_the_text_gives(pipeline: Pipeline) -> None:
    analysis = pipeline.analyze_text("Tomas Verhoeven, a political analyst, was not surprised.", published=PUBLISHED)
    (person,) = analysis.people
    assert (person.name, person.actor, person.country, person.description) == (
        "Tomas Verhoeven",
        "---EDU",
        None,
        "a political analyst",
    )
    (nobody,) = pipeline.analyze_text("Tomas Verhoeven was not surprised.", published=PUBLISHED).people
    assert nobody.actor is None


def test_every_mention_span_matches_its_text(pipeline: Pipeline) -> None:
    analysis = pipeline.analyze_text(
        "Chinese President Xi Jinping told Taiwan's leaders that talks were needed.", published=PUBLISHED
    )
    for mention in analysis.mentions:
        assert analysis.document.text[mention.start : mention.end] == mention.text
    assert coded(analysis) == {"Chinese President Xi Jinping": "CHNGOV", "Taiwan's leaders": "TWNGOV"}


class TestReferenceArticle:
    """The TIME article of 2009: what a careful analyst lists, and nothing invented."""

    def test_six_promos_removed(self, reference_analysis: Analysis) -> None:
        removed = reference_analysis.document.removed
        assert len(removed) == 6
        assert "Download the new TIME BlackBerry App at app.time.com" in removed
        assert not any("BlackBerry" in s for s in reference_analysis.document.text.split("\n"))

    def test_the_actors_an_analyst_lists(self, reference_analysis: Analysis) -> None:
        actors = {a.id for a in reference_analysis.actors}
        expected = {
            "PAK",
            "PAKGOV",
            "PAKMIL",
            "USA",
            "USAGOV",
            "USAMIL",
            "IND",
            "INDGOV",
            "AFG",
            "AFGGOV",
            "AFGINSTAL",
            "PAKINSTAL",
            "PAKSEP",
            "IMGMOSALQ",
            "AFGREBNAL",
            "WSTSPY",
            "PAKEDU",
            "PAKELI",
        }
        assert expected <= actors
        # Nothing coded to a country the article never brings in as an actor.
        assert {a.country for a in reference_analysis.actors} <= {"PAK", "USA", "IND", "AFG", "WST", None}

    @pytest.mark.parametrize(
        ("name", "code"),
        [
            ("Barack Obama", "USAGOV"),
            ("Stanley McChrystal", "USAMIL"),
            ("Ayesha Siddiqa", "PAKEDU"),
            ("Rustam Shah Mohmand", "PAKELI"),
            ("Hamid Karzai", "AFGGOV"),
            ("Mullah Omar", "AFGINSTAL"),
            ("Asif Ali Zardari", "PAKGOV"),
            ("Pervez Musharraf", "PAKELI"),
            ("Rehman Malik", "PAKGOV"),
            ("Hasan Askari-Rizvi", "---EDU"),  # "a political and military analyst": no country
        ],
    )
    def test_people_and_their_codes(self, reference_analysis: Analysis, name: str, code: str | None) -> None:
        person = next(p for p in reference_analysis.people if p.name == name)
        assert person.actor == code

    @pytest.mark.parametrize(
        ("written", "code"),
        [
            ("the military", "PAKMIL"),  # "the province of Pakistan where ... the military"
            ("a senior Western diplomat", "WSTGOV"),
            ("its security chiefs", "PAKMIL"),
            ("Baluch separatists", "PAKSEP"),
            ("the Karzai government", "AFGGOV"),
            ("Western intelligence agencies", "WSTSPY"),
            ("4,000 U.S. Marines", "USAMIL"),
            ("the Pakistani Taliban", "PAKINSTAL"),
        ],
    )
    def test_phrases_an_analyst_would_code(self, reference_analysis: Analysis, written: str, code: str) -> None:
        assert {m.actor for m in reference_analysis.mentions if m.text == written} == {code}

    def test_no_invented_people(self, reference_analysis: Analysis) -> None:
        assert len(reference_analysis.people) == 10

    def test_later_mentions_are_linked(self, reference_analysis: Analysis) -> None:
        text = reference_analysis.document.text
        people = {p.name: [text[s:e] for s, e in p.mentions] for p in reference_analysis.people}
        assert "analyst Siddiqa" in people["Ayesha Siddiqa"]
        assert "the former Pakistan ambassador" in people["Rustam Shah Mohmand"]
        assert people["Hamid Karzai"].count("Karzai") >= 3

    def test_places(self, reference_analysis: Analysis) -> None:
        places = {p.name: p for p in reference_analysis.places}
        for name, country in [
            ("Helmand", "AFG"),
            ("Baluchistan", "PAK"),
            ("Quetta", "PAK"),
            ("Swat", "PAK"),
            ("Islamabad", "PAK"),
            ("Kabul", "AFG"),
        ]:
            assert places[name].country == country
            assert places[name].lat is not None


@pytest.mark.parametrize(
    ("text", "name", "code", "coded_by"),
    [
        # an affiliation after the role noun: the organisation the person speaks for
        ("Yusuf Karimi, a spokesman for the Pakistani army, said the post was hit.", "Yusuf Karimi", "PAKMIL", "text"),
        # a seat of government inside the title
        ("State Department spokeswoman Alma Pierce urged calm.", "Alma Pierce", "USAGOV", "text"),
        # a named group inside the title
        ("Hamas spokesman Omar Adwan denied the report.", "Omar Adwan", "PSEREBHMS", "text"),
        # a bare title takes the country of the sentence before
        (
            "The Egyptian foreign ministry issued a statement. Spokesman Karim Fawzi said talks would go on.",
            "Karim Fawzi",
            "EGYGOV",
            "context",
        ),
        # "Col." split from its full stop at the start of a sentence is still a title
        (
            "A Malian army statement followed. Col. Ibrahim Toure said the base was secure.",
            "Ibrahim Toure",
            "MLIMIL",
            "context",
        ),
    ],
)
def test_people_coded_from_titles_and_affiliations(
    pipeline: Pipeline, text: str, name: str, code: str, coded_by: str
) -> None:
    person = next(p for p in pipeline.analyze_text(text, published=PUBLISHED).people if p.name == name)
    assert (person.actor, person.coded_by) == (code, coded_by)


def test_places_are_not_people(pipeline: Pipeline) -> None:
    analysis = pipeline.analyze_text(
        "Ships waited off Bandar Abbas while patrols crossed the Strait of Hormuz.", published=PUBLISHED
    )
    assert analysis.people == ()


def test_coordinated_owners_give_one_mention_each(pipeline: Pipeline) -> None:
    analysis = pipeline.analyze_text("Troops from Chad and Niger arrived in the capital.", published=PUBLISHED)
    assert sorted(m.actor for m in analysis.mentions if m.actor) == ["NERMIL", "TCDMIL"]


def test_a_dateline_is_not_part_of_the_phrase(pipeline: Pipeline) -> None:
    analysis = pipeline.analyze_text("KABUL, May 2 - Afghan officials said the road had reopened.", published=PUBLISHED)
    assert coded(analysis)["Afghan officials"] == "AFGGOV"


def test_without_a_date_a_known_office_holder_gets_the_country_only(pipeline: Pipeline) -> None:
    (person,) = pipeline.analyze_text("Hamid Karzai spoke to reporters.").people
    assert (person.actor, person.coded_by) == ("AFG", "office")


def test_a_surname_alone_is_looked_up_only_when_one_person_has_it(pipeline: Pipeline) -> None:
    dated = dt.date(2005, 6, 1)
    (karzai,) = pipeline.analyze_text("Karzai spoke to reporters.", published=dated).people
    assert karzai.actor == "AFGGOV"
    # Many office holders are called Malik: a surname alone codes nobody.
    (malik,) = pipeline.analyze_text("Malik spoke to reporters.", published=dated).people
    assert malik.actor is None


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Ethnic Serbs in Kosovo boycotted the vote.", {"Ethnic Serbs in Kosovo": "KSVCVL"}),
        ("Ethnic Serbs boycotted the vote.", {}),
        ("Palestinians in the West Bank marched on Friday.", {"Palestinians": "PSE"}),
        ("Algerian government forces shelled the village.", {"Algerian government forces": "DZAMIL"}),
        # a destination is kept as an actor: travelling to a state is a visit to it (CAMEO 042)
        (
            "British Foreign Secretary Alan Brook flew to Oman.",
            {"British Foreign Secretary Alan Brook": "GBRGOV", "Oman": "OMN"},
        ),
    ],
)
def test_more_noun_phrases(pipeline: Pipeline, sentence: str, expected: dict[str, str]) -> None:
    assert coded(pipeline.analyze_text(sentence, published=PUBLISHED)) == expected


def test_undated_title_and_table_give_country_and_role(pipeline: Pipeline) -> None:
    (person,) = pipeline.analyze_text("President Hamid Karzai thanked the donors.").people
    assert (person.actor, person.coded_by) == ("AFGGOV", "office")


def test_a_surname_shared_with_a_city_is_still_a_person(pipeline: Pipeline) -> None:
    # "Obama" is also a town in Japan; the office table knows one Obama in office in 2009.
    (person,) = pipeline.analyze_text("Obama said more troops would go.", published=dt.date(2009, 7, 29)).people
    assert (person.name, person.actor) == ("Obama", "USAGOV")


def test_repeated_name_words_must_all_match_the_table(pipeline: Pipeline) -> None:
    analysis = pipeline.analyze_text("Abdullah Abdullah said the count was flawed.", published=dt.date(2009, 7, 29))
    assert [p.actor for p in analysis.people] == [None]  # not King Abdullah's SAUGOV


def test_a_mention_inside_another_of_the_same_actor_counts_once(pipeline: Pipeline) -> None:
    analysis = pipeline.analyze_text(
        "Critics blamed the Karzai government for the delay.", published=dt.date(2009, 7, 29)
    )
    (actor,) = [a for a in analysis.actors if a.id == "AFGGOV"]
    assert [analysis.document.text[s:e] for s, e in actor.mentions] == ["the Karzai government"]
    # the person keeps their own mention
    assert [analysis.document.text[s:e] for s, e in analysis.people[0].mentions] == ["Karzai"]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The Catalan government called a vote.", {"The Catalan government": "ESPGOV"}),
        ("NATO allies agreed to extend the mission.", {"NATO allies": "IGOWSTNAT"}),
        ("An Estonian MEP demanded a debate.", {"An Estonian MEP": "ESTLEG"}),
    ],
)
def test_identities_group_members_and_legislators(pipeline: Pipeline, sentence: str, expected: dict[str, str]) -> None:
    assert coded(pipeline.analyze_text(sentence, published=PUBLISHED)) == expected


def test_undated_title_picks_the_office_holder_among_namesakes(pipeline: Pipeline) -> None:
    # Several office holders in the table are called Obama; one of them was a president.
    (person,) = pipeline.analyze_text("President Obama thanked the troops.").people
    assert person.actor == "USAGOV"


# -- countries from evidence, not from a neighbour (issue 11) ------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # one state in the sentence and the one before: the military is its own
        (
            "Turkish jets struck militant camps on Tuesday. The military said 20 fighters died.",
            {"The military": "TURMIL"},
        ),
        # a strike across a border names two states: no guess between them
        (
            "Turkish jets struck militant camps in northern Iraq. The military said 20 fighters died.",
            {"The military": "---MIL"},
        ),
        # the same role named earlier with one country: coreference beats the rivals in context
        (
            "Iran's navy seized two American boats. The navy said the American sailors were well.",
            {"Iran's navy": "IRNMIL", "The navy": "IRNMIL", "the American sailors": "USAMIL"},
        ),
        # "the leader of a militia" is the militia's, not the government of the country nearby
        (
            "Iraqi forces fought for the town. The leader of a local militia said it had fallen.",
            {"Iraqi forces": "IRQMIL", "The leader of a local militia": "---UAF", "a local militia": "---UAF"},
        ),
    ],
)
def test_countries_come_from_evidence(pipeline: Pipeline, text: str, expected: dict[str, str]) -> None:
    found = coded(pipeline.analyze_text(text, published=PUBLISHED))
    assert {phrase: found.get(phrase) for phrase in expected} == expected


def test_victims_and_unnamed_attackers_are_actors(pipeline: Pipeline) -> None:
    analysis = pipeline.analyze_text("Gunmen killed 19 students and two teenagers near a mosque.", published=PUBLISHED)
    found = coded(analysis)
    assert (found["Gunmen"], found["19 students"], found["two teenagers"]) == ("---UAF", "---EDU", "---CVL")
    (unknown,) = [actor for actor in analysis.actors if actor.id == "---UAF"]
    assert (unknown.name, unknown.country, unknown.sectors, unknown.kind) == (
        "unknown country (armed forces (unaligned))",
        None,
        ("UAF",),
        "group",
    )
    (killing,) = [e for e in analysis.events if e.target and e.target.actor == "---EDU"]
    assert (killing.source.actor if killing.source else None, killing.quad_class) == ("---UAF", 4)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thousands of Nigerians protested in Lagos.", {"Nigerians": "NGACVL"}),
        ("Police beat Liberians at the market.", {"Liberians": "LBRCVL"}),
        ("The Palestinians rejected the plan.", {"The Palestinians": "PSE"}),
    ],
)
def test_some_of_a_people_are_civilians_the_people_is_its_state(
    pipeline: Pipeline, text: str, expected: dict[str, str]
) -> None:
    found = coded(pipeline.analyze_text(text, published=PUBLISHED))
    assert {phrase: found.get(phrase) for phrase in expected} == expected


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("Police closed Damascus Gate after the stabbing.", {"SYR", "SYRGOV", "SYRCOP"}),
        ("The Washington Post reported the raid.", {"USAGOV"}),
        ("The Kurdistan Region Security Council said the raid failed.", {"IGOUNO"}),
    ],
)
def test_a_name_inside_a_longer_name_is_not_that_actor(pipeline: Pipeline, text: str, absent: set[str]) -> None:
    analysis = pipeline.analyze_text(text, published=PUBLISHED)
    assert not set(coded(analysis).values()) & absent
    assert not {place.country for place in analysis.places} & {code[:3] for code in absent}


def test_military_aid_to_a_state_makes_it_the_recipient(pipeline: Pipeline) -> None:
    found = coded(pipeline.analyze_text("Britain promised military aid to Mozambique.", published=PUBLISHED))
    assert found == {"Britain": "GBR", "Mozambique": "MOZ"}


# -- names that are no actor, and owners that are not the name nearby (issue 11) ------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a thing of the state's, an event named after it, the topic of talks: no actor
        ("Analysts said Chile's economy would slow.", {"Chile": None}),
        ("The Sudan truce held on Friday.", {"Sudan": None}),
        ("Diplomats gathered for talks on Yemen in Geneva.", {"Yemen": None}),
        ("The Nairobi attack killed eleven people.", {"Nairobi": None}),
        # where something is based says nothing of whose it is
        ("A Paris-based monitor said the army shelled the town.", {"Paris": None, "the army": "---MIL"}),
        # a pronoun's owner or none: never the nearest country by default
        ("Oman hosted the talks. Its ministers said the navy of Qatar left.", {"Its ministers": "OMNGOV"}),
        # -led is the leader's, -backed no one's
        ("Kenyan-led troops entered the port.", {"Kenyan-led troops": "KENMIL"}),
        ("Clashes with U.S.-led forces continued.", {"U.S.-led forces": "USAMIL"}),
        ("U.S.-backed fighters held the ridge.", {"U.S.-backed fighters": "---REB"}),
        # "came into force" and "opposition to the plan" name no one
        ("The accord came into force in Chad on Monday.", {"force": None}),
        ("Peru said its opposition to the plan was firm.", {"its opposition": None}),
        # an idea, a part of a company, a container: no one
        ("Marchers called for justice in Lima.", {"justice": None}),
        ("Bidders want Yahoo's core business.", {"Yahoo's core business": None}),
        ("The rocket's fuel tanks burst in Chile.", {"The rocket's fuel tanks": None, "fuel tanks": None}),
        # someone on a platform is of the public, not the platform's
        ("One Twitter user in Lyon wrote that the match was off.", {"One Twitter user": "---CVL"}),
        # going to or coming from a country is a destination or an origin; ties to a seat are not
        ("Thousands fled to Uganda after the fighting.", {"Uganda": None}),
        ("Officials close to the White House denied it.", {"the White House": "USAGOV"}),
        # a region named alone is a place, unless it is a verb's subject or object
        ("It is one of Africa's hardest jobs.", {"Africa": None}),
        ("Tankers crossed Mediterranean waters near Malta.", {"Mediterranean": None}),
        ("Voters said Denmark stands with Europe.", {"Europe": None, "Denmark": "DNK"}),
        ("The envoy urged Europe to act.", {"Europe": "EUR"}),
        # a ranking, a place in a city, a civil war fought there
        ("The Oslo district, Norway's third largest, reopened.", {"Norway": None}),
        ("A fire gutted Nairobi's oldest hotel.", {"Nairobi": None}),
        ("Mali's civil war displaced thousands.", {"Mali": None}),
        # an idea of the country and the topic of a compound
        ("Protesters said they wanted a federal Libya.", {"Libya": None}),
        ("Serbia opposes any Kosovo independence activities.", {"Kosovo": None}),
        ("Officials insist on one Cyprus.", {"Cyprus": None}),
        # places listed after a place, the capital named as a city, where things happened
        ("Cells operate in West Africa, including Mali and Niger.", {"Mali": None, "Niger": None}),
        ("Crowds filled the capital Hanoi on Sunday.", {"Hanoi": None}),
        ("Kenya has seen attacks by militants before.", {"Kenya": None}),
        ("Kenya saw the move as a provocation.", {"Kenya": "KEN"}),
        # whose ally, said before the ally's name: the ally acts
        ("The raid angered U.S. ally Chad.", {"Chad": "TCD", "U.S.": None}),
        # "pro-" says what someone is for: no actor of its own
        ("Wales's pro-NATO first minister spoke.", {"NATO": None}),
        # an attack named after a seat's city, migration from a club
        ("After the Brussels bombings, police raided flats.", {"Brussels": None}),
        ("They vowed to curb immigration from the EU.", {"the EU": None}),
    ],
)
def test_names_used_for_no_actor_are_left_out(pipeline: Pipeline, text: str, expected: dict[str, str | None]) -> None:
    found = coded(pipeline.analyze_text(text, published=PUBLISHED))
    assert {phrase: found.get(phrase) for phrase in expected} == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a bloc's or a country's states named together
        ("Western countries demanded a vote.", {"Western countries": "WST"}),
        ("Mexico urged Asian nations to wait.", {"Asian nations": "ASA", "Mexico": "MEX"}),
        # an adjective used as a noun: one or some of a people, or the whole people
        ("An Austrian and a Dane were wounded.", {"An Austrian": "AUTCVL", "a Dane": None}),
        ("Some Chinese posted photos of the rally.", {"Some Chinese": "CHNCVL"}),
        ("The French rejected the treaty.", {"The French": "FRA"}),
        ("A French ship sailed.", {"A French ship": None}),
        # a visit's host and a partner are parties, not destinations
        ("Modi will pay a state visit to Kenya in May.", {"Kenya": "KEN"}),
        ("Peru acts as a partner to Chile.", {"Chile": "CHL", "Peru": "PER"}),
        # a day before a capital is no part of its name
        ("An aide said on Sunday Nairobi was weighing a truce.", {"Nairobi": "KENGOV"}),
        # a party's leader takes the party's code even when the parser loses the clause
        (
            "The opposition Labour Party, whose leader, Jon Pell, spoke on Sunday.",
            {"whose leader": "GBRPTYLAB", "Labour Party": "GBRPTYLAB"},
        ),
        # hardware bought and sold is no actor; an activist fund is a business
        ("Egypt is expected to buy fighter jets from France.", {"fighter jets": None}),
        ("The activist hedge fund sued the board.", {"The activist hedge fund": "---BUS"}),
        # "the group", "the party", "the paper": the one organisation of that kind named just before
        ("Hamas fired rockets on Monday. The group said it would fight on.", {"The group": "PSEREBHMS"}),
        ("Hamas and Hezbollah met. The group said it would fight on.", {"The group": None}),
        ("The group said it would fight on.", {"The group": None}),
        ("The Labour Party met. The party chose a new leader.", {"The party": "GBRPTYLAB"}),
        ("The rebel group attacked.", {"The rebel group": "---REB"}),
        # air strikes stand for the air force; a navy's ship for its crew; a product after a business noun
        ("Russian airstrikes hit the town.", {"Russian airstrikes": "RUSMIL"}),
        ("Russian airstrikes hit Homs. Peru said air strikes must end.", {"air strikes": "---MIL"}),
        ("A Dutch naval vessel joined the search.", {"A Dutch naval vessel": "NLDMIL"}),
        ("It is owned by French industrial group Varnel.", {"French industrial group Varnel": "FRABUS"}),
        # new role nouns
        ("The suspect fled; firefighters and fans stayed.", {"The suspect": "---CRM", "fans": "---CVL"}),
        ("Shareholders and bidders met the censors.", {"Shareholders": "---BUS", "the censors": "---GOV"}),
    ],
)
def test_more_kinds_of_actor_are_coded(pipeline: Pipeline, text: str, expected: dict[str, str | None]) -> None:
    found = coded(pipeline.analyze_text(text, published=PUBLISHED))
    assert {phrase: found.get(phrase) for phrase in expected} == expected


def test_a_shadow_minister_is_the_opposition_and_a_commissioner_keeps_only_his_name(pipeline: Pipeline) -> None:
    analysis = pipeline.analyze_text(
        "Shadow chancellor Ian Dorey met Trade Commissioner Ana Velt in Leeds.", published=PUBLISHED
    )
    people = {p.name: p for p in analysis.people}
    assert set(people) == {"Ian Dorey", "Ana Velt"}
    assert people["Ian Dorey"].actor == "---OPP"
    assert people["Ana Velt"].title == "Trade Commissioner"


def test_a_pro_or_anti_name_is_no_owner(pipeline: Pipeline) -> None:
    found = coded(pipeline.analyze_text("A pro-NATO minister of Serbia resigned.", published=PUBLISHED))
    assert found.get("A pro-NATO minister of Serbia") == "SRBGOV"


def test_a_generational_suffix_is_another_person(pipeline: Pipeline) -> None:
    analysis = pipeline.analyze_text("John Kerry III, a plumber from Ohio, was arrested.", published=PUBLISHED)
    (person,) = [p for p in analysis.people if p.name == "John Kerry III"]
    assert person.actor != "USAGOV" and person.actor != "USAELI"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Japanese carmaker Daewoo Motors said it would close. Daewoo Motors cut 500 jobs.",
            [("Japanese carmaker Daewoo Motors", "JPNBUS"), ("Daewoo Motors", "JPNBUS")],
        ),
        ("Flexon Holdings Ltd said it would buy the port operator.", [("Flexon Holdings Ltd", "---BUS")]),
        (
            "Shares of Brandt Foods Inc fell after Brandt Foods warned on profits.",
            [("Brandt Foods Inc", "---BUS"), ("Brandt Foods", "---BUS")],
        ),
        # an organisation the text does not call a business stays unknown
        ("Members of the Harlow Circle met on Sunday.", []),
    ],
)
def test_companies_are_read_from_the_text(pipeline: Pipeline, text: str, expected: list[tuple[str, str]]) -> None:
    analysis = pipeline.analyze_text(text, published=PUBLISHED)
    companies = [(m.text, m.actor) for m in analysis.mentions if m.kind == "group" and m.actor and "BUS" in m.actor]
    assert companies == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kurdish fighters crossed the river near the town.", {"Kurdish fighters": "KURREB"}),
        ("Iraqi Kurds voted in the referendum.", {"Iraqi Kurds": "IRQKUR"}),
        (
            "Shiite militias and Iraqi troops retook the town.",
            {"Shiite militias": "MOSSHIMIL", "Iraqi troops": "IRQMIL"},
        ),
        ("Christian villagers fled the fighting.", {"Christian villagers": "CHRCVL"}),
        ("Iraq's Christians fear the militants.", {"Iraq's Christians": "IRQCHR", "Iraq": None}),
        # a community's adjective before a noun that is no role names no actor
        ("Mortars hit a Shiite shrine.", {"Shiite": None, "a Shiite shrine": None}),
        # a person named like a religion stays a person
        ("Saleh Muslim said the talks failed.", {"Saleh Muslim": None}),
    ],
)
def test_ethnic_and_religious_communities_get_their_cameo_codes(
    pipeline: Pipeline, text: str, expected: dict[str, str | None]
) -> None:
    found = coded(pipeline.analyze_text(text, published=PUBLISHED))
    assert {phrase: found.get(phrase) for phrase in expected} == expected


def test_a_community_actor_is_named_and_has_no_country_unless_given(pipeline: Pipeline) -> None:
    analysis = pipeline.analyze_text("Kurdish fighters and Iraqi Kurds met in Erbil.", published=PUBLISHED)
    actors = {actor.id: (actor.name, actor.country, actor.sectors, actor.kind) for actor in analysis.actors}
    assert actors["KURREB"] == ("Kurds (rebels)", None, ("REB",), "group")
    assert actors["IRQKUR"] == ("Iraq: Kurds", "IRQ", (), "group")


# -- local roles: the city or the dateline says whose (issue 11) ---------------------------------


def test_a_city_before_a_local_role_gives_its_country(pipeline: Pipeline) -> None:
    text = "Karachi police arrested two men. Officers said one of them had a rifle."
    found = coded(pipeline.analyze_text(text, published=PUBLISHED))
    # the story's one police force: its officers are its own
    assert (found["Karachi police"], found["Officers"]) == ("PAKCOP", "PAKCOP")


def test_a_rank_after_the_institution_keeps_the_institution(pipeline: Pipeline) -> None:
    text = "Lagos police said the crowd left, police Sgt. Ada Okoro said."
    analysis = pipeline.analyze_text(text, published=PUBLISHED)
    (person,) = analysis.people
    assert (person.name, person.actor) == ("Ada Okoro", "NGACOP")


def test_the_dateline_country_is_the_local_police_only(pipeline: Pipeline) -> None:
    story = "MOMBASA, Kenya (Reuters) - Police said on Monday the port had reopened. Soldiers guarded the gates."
    found = coded(pipeline.analyze_text(story, published=PUBLISHED))
    assert (found["Police"], found["Soldiers"]) == ("KENCOP", "---MIL")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an organisation's head word says what it is; a big city in its name, whose
        ("The Chicago Tribune reported the shooting.", [("Chicago Tribune", "USAMED")]),
        ("The Houston Policy Institute said the talks failed.", [("The Houston Policy Institute", "USAEDU")]),
        ("The Orvane Weather Service warned of floods.", [("Orvane Weather Service", "---GOV")]),
        # a town that is also a first name says nothing ("Martin" is a Slovak town)
        ("The Martin Center for Arms Studies said the test failed.", [("Martin Center for Arms Studies", "---EDU")]),
        # one word that could be anything is no organisation of a known kind
        ("Post said the raid failed.", []),
    ],
)
def test_an_organisation_is_coded_by_its_head_word(
    pipeline: Pipeline, text: str, expected: list[tuple[str, str]]
) -> None:
    analysis = pipeline.analyze_text(text, published=PUBLISHED)
    assert [(m.text, m.actor) for m in analysis.mentions if m.actor] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a place's whole name, never one word of it
        ("Baton Rouge police arrested two men.", {"Baton Rouge police": "USACOP"}),
        ("New Orleans police closed the road.", {"New Orleans police": "USACOP"}),
        ("West Virginia state police said two died.", {"West Virginia state police": "USACOP"}),
        ("Ohio Governor Tom Maddox said the vote was close.", {"Ohio Governor Tom Maddox": "USAGOV"}),
        # a US state that is also a country's name is the country
        ("Georgia police closed the border crossing.", {"Georgia police": "GEOCOP"}),
        # a source or a loser is no origin
        ("The strongest criticism came from Russia.", {"Russia": "RUS"}),
        ("Israel took the heights from Syria in 1967.", {"Syria": "SYR"}),
        # a military unit of a state acts
        ("Iraq's 9th division retook the town.", {"Iraq": "IRQ"}),
        # "a Jewish state" is a state, not a community's government
        ("Arab states refused to call Israel a Jewish state.", {"a Jewish state": "---GOV"}),
        # an attorney general is no company; a date is no part of a company's name
        ("New York AG Letitia Grant sued the firm.", {"New York AG": None}),
        ("On Monday Brandtwerk AG said it would cut jobs.", {"Brandtwerk AG": "---BUS"}),
    ],
)
def test_local_places_and_names_read_whole(pipeline: Pipeline, text: str, expected: dict[str, str | None]) -> None:
    found = coded(pipeline.analyze_text(text, published=PUBLISHED))
    assert {phrase: found.get(phrase) for phrase in expected} == expected


def test_the_dateline_is_not_the_country_of_a_story_about_another(pipeline: Pipeline) -> None:
    story = (
        "LONDON (Reuters) - Gunmen attacked a bus in northern Nigeria on Monday. "
        "The attack happened on a busy road. Police said the gunmen fled."
    )
    assert coded(pipeline.analyze_text(story, published=PUBLISHED))["Police"] == "---COP"


def test_without_inherit_country_the_police_force_is_not_shared(pipeline: Pipeline) -> None:
    pipeline = Pipeline(replace(load_settings(), actors=ActorSettings(inherit_country=False)), nlp=pipeline.nlp)
    text = "Iraqi police said the road was closed. Police Sgt. Omar Haddad said it would reopen."
    analysis = pipeline.analyze_text(text, published=PUBLISHED)
    assert coded(analysis)["Iraqi police"] == "IRQCOP"
    assert {p.name: p.actor for p in analysis.people}["Omar Haddad"] == "---COP"


def test_a_named_body_does_not_take_the_country_nearby(pipeline: Pipeline) -> None:
    text = "Chile's copper output fell. Lanvers Intelligence said the data were weak."
    assert coded(pipeline.analyze_text(text, published=PUBLISHED))["Lanvers Intelligence"].startswith("---")


def test_a_mayor_shares_the_country_of_the_story_s_one_police_force(pipeline: Pipeline) -> None:
    text = "Phoenix police said four people died. Mayor Ana Ruelas said the city would mourn."
    analysis = pipeline.analyze_text(text, published=PUBLISHED)
    assert {p.name: p.actor for p in analysis.people}["Ana Ruelas"] == "USAGOV"


def test_a_competing_state_in_the_paragraph_keeps_the_country_away(pipeline: Pipeline) -> None:
    text = "Peru and Chile held talks in Lima. They met for hours. The ministry said the talks went well."
    assert coded(pipeline.analyze_text(text, published=PUBLISHED))["The ministry"] == "---GOV"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Brandt Foods Inc cut jobs. The company said sales fell.", "---BUS"),
        ("Yahoo Inc cut jobs. The company said sales fell.", "USABUS"),
        # two companies named before: no guess
        ("Yahoo Inc signed a deal with Samsung. The company said sales fell.", "---BUS"),
    ],
)
def test_the_company_is_the_one_named_just_before(pipeline: Pipeline, text: str, expected: str) -> None:
    assert coded(pipeline.analyze_text(text, published=PUBLISHED))["The company"] == expected
