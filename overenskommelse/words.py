"""An agreement's own words: what it calls its group, its convener and the areas of its action plan.

Every page, email and PDF that names them takes them from here (templates through the context
processor's ``words``, Python code through ``agreement_words()``), never from code: one agreement's
"samverkansgruppen", Borås's "samrådet" and Blekinge's "styrgruppen" are settings of the agreement
(``Agreement.group_name`` and its neighbours). The messages keep them as placeholders
(``%(group)s``), so a translation puts them where its grammar wants them.

The stored forms are the ones a sentence uses in its middle (definite, lower case for the group:
"samverkansgruppen"); the capitalised form for the start of a sentence and the genitive
("samverkansgruppens", "samrådets") are made here, in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from django.utils.translation import ngettext, pgettext

# What a portal without an agreement yet calls things: the defaults of the Agreement's fields.
DEFAULT_GROUP = "samverkansgruppen"
DEFAULT_CONVENER = "sammankallande"
DEFAULT_AREA = "prioriterat område"
DEFAULT_AREAS = "prioriterade områden"
DEFAULT_PUBLIC = "kommunal"


class _HasWords(Protocol):
    group_name: str
    convener_title: str
    area_name: str
    area_name_plural: str
    public_side: str
    municipality: str
    meetings_per_year: int
    conference_every_years: int
    followup_every_years: int
    revision_cycle_years: int


def every(years: int) -> str:
    """How often, in words that fit in the middle of a sentence: "every year", "every other
    year", …, in the language of the moment."""
    if years <= 1:
        return pgettext("cadence", "every year")
    if years == 2:
        return pgettext("cadence", "every other year")
    if years == 3:
        return pgettext("cadence", "every third year")
    if years == 4:
        return pgettext("cadence", "every fourth year")
    return ngettext("every %(years)s years", "every %(years)s years", years) % {"years": years}


def capitalised(text: str) -> str:
    """The first letter in upper case, the rest as written ("styrgruppen" → "Styrgruppen")."""
    return text[:1].upper() + text[1:]


def genitive(text: str) -> str:
    """The Swedish genitive: an -s added, except after s, x or z, which take none
    ("samverkansgruppen" → "samverkansgruppens", "samrådet" → "samrådets")."""
    text = text.strip()
    if not text or text[-1].lower() in "sxz":
        return text
    return f"{text}s"


def adjective_plural(text: str) -> str:
    """The plural and definite form of a Swedish adjective, as "… seats" or "the … seats" need it:
    an -a added ("kommunal" → "kommunala", "offentlig" → "offentliga")."""
    text = text.strip()
    return f"{text}a" if text else text


def number_in_words(number: int) -> str:
    """A small number as a word ("two" → "två"), as running text writes it; digits from 13."""
    names = {
        1: pgettext("number", "one"),
        2: pgettext("number", "two"),
        3: pgettext("number", "three"),
        4: pgettext("number", "four"),
        5: pgettext("number", "five"),
        6: pgettext("number", "six"),
        7: pgettext("number", "seven"),
        8: pgettext("number", "eight"),
        9: pgettext("number", "nine"),
        10: pgettext("number", "ten"),
        11: pgettext("number", "eleven"),
        12: pgettext("number", "twelve"),
    }
    return names.get(number, str(number))


@dataclass(frozen=True)
class AgreementWords:
    """The words of one agreement in the forms sentences need. The attributes are what messages
    name as placeholders: ``group`` (samverkansgruppen), ``Group`` (Samverkansgruppen),
    ``group_gen`` (samverkansgruppens), ``Group_gen`` (Samverkansgruppens), ``convener``
    (sammankallande), ``Convener``, ``area`` (prioriterat område), ``Area``, ``areas``
    (prioriterade områden), ``Areas``; what the agreement calls its public side: ``public``
    (kommunal, offentlig), ``Public``, ``publics`` (kommunala, offentliga), ``Publics``; the public
    party as the agreement names it: ``party`` (Borås Stad, Region Blekinge; empty without an
    agreement); and the cadences in words: ``conference_every``,
    ``followup_every``, ``revision_every`` ("every other year", in the language of the moment)."""

    group: str = DEFAULT_GROUP
    convener: str = DEFAULT_CONVENER
    area: str = DEFAULT_AREA
    areas: str = DEFAULT_AREAS
    public: str = DEFAULT_PUBLIC
    party: str = ""
    meetings_per_year: int = 2
    conference_every_years: int = 2
    followup_every_years: int = 1
    revision_every_years: int = 4

    @classmethod
    def of(cls, agreement: _HasWords | None) -> AgreementWords:
        """The words of ``agreement`` (the defaults when there is none, or a field is empty)."""
        if agreement is None:
            return cls()
        return cls(
            group=(agreement.group_name or "").strip() or DEFAULT_GROUP,
            convener=(agreement.convener_title or "").strip() or DEFAULT_CONVENER,
            area=(agreement.area_name or "").strip() or DEFAULT_AREA,
            areas=(agreement.area_name_plural or "").strip() or DEFAULT_AREAS,
            public=(agreement.public_side or "").strip() or DEFAULT_PUBLIC,
            party=(agreement.municipality or "").strip(),
            meetings_per_year=agreement.meetings_per_year or 2,
            conference_every_years=agreement.conference_every_years or 2,
            followup_every_years=agreement.followup_every_years or 1,
            revision_every_years=agreement.revision_cycle_years or 4,
        )

    @property
    def meetings_in_words(self) -> str:
        """How many times a year the group meets at least, as a word ("two")."""
        return number_in_words(self.meetings_per_year)

    @property
    def meetings_a_year(self) -> str:
        """How often the group meets at least ("twice a year" as "two times a year")."""
        return ngettext("once a year", "%(times)s times a year", self.meetings_per_year) % {
            "times": self.meetings_in_words
        }

    @property
    def conference_every(self) -> str:
        """How often the conference is held ("every other year")."""
        return every(self.conference_every_years)

    @property
    def followup_every(self) -> str:
        """How often the agreement is followed up ("every year")."""
        return every(self.followup_every_years)

    @property
    def revision_every(self) -> str:
        """How often the agreement is revised ("every fourth year")."""
        return every(self.revision_every_years)

    @property
    def Group(self) -> str:
        return capitalised(self.group)

    @property
    def group_gen(self) -> str:
        return genitive(self.group)

    @property
    def Group_gen(self) -> str:
        return capitalised(self.group_gen)

    @property
    def Convener(self) -> str:
        return capitalised(self.convener)

    @property
    def Public(self) -> str:
        return capitalised(self.public)

    @property
    def publics(self) -> str:
        return adjective_plural(self.public)

    @property
    def Publics(self) -> str:
        return capitalised(self.publics)

    @property
    def Area(self) -> str:
        return capitalised(self.area)

    @property
    def Areas(self) -> str:
        return capitalised(self.areas)

    def as_dict(self) -> dict[str, str]:
        """Every form by its placeholder's name: ``_("… %(group)s …") % words.as_dict()``."""
        return {
            "group": self.group,
            "Group": self.Group,
            "group_gen": self.group_gen,
            "Group_gen": self.Group_gen,
            "convener": self.convener,
            "Convener": self.Convener,
            "area": self.area,
            "Area": self.Area,
            "areas": self.areas,
            "Areas": self.Areas,
            "public": self.public,
            "Public": self.Public,
            "publics": self.publics,
            "Publics": self.Publics,
            "party": self.party,
            "meetings_a_year": self.meetings_a_year,
            "conference_every": self.conference_every,
            "followup_every": self.followup_every,
            "revision_every": self.revision_every,
        }
