"""Demo data of the agreement: Lund's agreement between the municipality and the idea-driven sector.

Facts (names, dates, areas, rules) come from Lund's action plan; every sentence is our own. The
action plan's dates follow the demo's year (``demo_year``); the agreement's own (2019) are history.
"""

import datetime

from .demo_agreements import other_agreement
from .demo_year import demo_year
from .models import ActionPlan, Activity, Agreement, Direction, OperationalPlan, Principle, PriorityArea

AGREEMENT = {
    "name": "Överenskommelsen mellan Lunds kommun och idéburen sektor i Lund",
    "municipality": "Lunds kommun",
    "sector_party": "Idéburen sektor i Lund",
    "summary": (
        "Överenskommelsen beskriver hur Lunds kommun och den idéburna sektorn i Lund ska samverka "
        "för att tillsammans utveckla välfärden i Lund. Parterna ska lära känna varandras roller, "
        "villkor och möjligheter, så att samarbetet blir öppet, nyfiket och hållbart."
    ),
    "purpose": (
        "Initiativet kom från två paraplyorganisationer: PIL, som samlar idrottsföreningarna i "
        "Lund, och LIPS, som samlar de ideella föreningarna med socialt arbete. Arbetet med en "
        "gemensam överenskommelse började våren 2017, och kommunfullmäktige antog den i januari "
        "2019. Därefter togs en handlingsplan fram i dialog med föreningslivet för att omsätta "
        "principerna i praktiken."
    ),
    "adopted_on": datetime.date(2019, 1, 31),
    "valid_from": datetime.date(2019, 2, 1),
    "valid_until": None,
    "revision_cycle_years": 4,
    "contact_email": "kommunkontoret@lund.se",
    "contact_phone": "046-359 50 00",
    "contact_office": "Kommunkontoret, Lunds kommun",
}

# The six principles the local agreements in Skåne share, described in our own words.
PRINCIPLES = [
    (
        "Självständighet och oberoende",
        "Idéburna organisationer bestämmer själva över sin verksamhet och kan granska och "
        "kritisera kommunen, även när de får stöd eller samarbetar med den.",
    ),
    (
        "Dialog",
        "Parterna möts regelbundet och i god tid, så att den idéburna sektorns kunskap kommer in "
        "tidigt när kommunen planerar.",
    ),
    (
        "Kvalitet",
        "Parterna tar vara på varandras erfarenheter och följer gemensamt upp att samverkan gör "
        "verklig nytta för dem den är till för.",
    ),
    (
        "Långsiktighet",
        "Samverkan planeras för att hålla över tid, med villkor som ger föreningarna möjlighet att "
        "bygga upp och behålla sin verksamhet.",
    ),
    (
        "Öppenhet och insyn",
        "Beslut, stöd och samverkan redovisas öppet, så att alla kan se hur och varför det görs.",
    ),
    (
        "Mångfald",
        "Idéburna organisationer av alla slag och storlekar, också små och nya, ska ha möjlighet "
        "att delta på lika villkor.",
    ),
]

ACTION_PLAN = {
    "title": "Handlingsplan för Överenskommelsen i Lund",
    "introduction": (
        "Handlingsplanen pekar ut de samhällsområden där parterna ska samverka under fyra år, "
        "beskriver hur ett samverkansinitiativ går till och hur arbetet följs upp. Den följs upp "
        "varje år och revideras vart fjärde år. Planen innehåller inga detaljerade aktiviteter: "
        "varje förvaltning och förening avgör själv, och tillsammans, vad de vill och kan göra "
        "inom områdena. Vid behov kan även lärosäten, myndigheter och näringsliv bjudas in."
    ),
}


def action_plan(year: int) -> dict:
    """Lund's action plan, four years from two years before the demo's year (``demo_year()``): the
    plan the demo's year runs under. The agreement itself (2019) is history and stays put."""
    return {
        **ACTION_PLAN,
        "starts_on": datetime.date(year - 2, 1, 1),
        "ends_on": datetime.date(year + 1, 12, 31),
        "adopted_on": datetime.date(year - 3, 12, 14),
    }


PRIORITY_AREAS = [
    (
        "inkludering",
        "Inkludering",
        "Alla i Lund ska ha jämlika förutsättningar att få sina behov tillgodosedda och att delta "
        "i samhället, oavsett bakgrund.",
        [
            "Skapa ett system där föreningar kan låna kommunens lokaler när kommunen inte använder "
            "dem, och verka för att föreningslivet har tillgång till lämpliga lokaler.",
            "Samarbeta om volontärverksamhet, bygga vidare på kommunens volontärarbete och "
            "tillsammans värva fler och nya volontärer.",
            "Ta gemensamt ansvar för att informera om den idéburna sektorn i Lund, så att fler "
            "hittar till föreningslivet.",
        ],
    ),
    (
        "halsosamma-levnadsvanor",
        "Hälsosamma levnadsvanor",
        "God hälsa och goda levnadsvanor för alla invånare är en grund för ett jämlikt och "
        "hållbart Lund.",
        [
            "Stärka och sprida de hälsofrämjande satsningar som redan finns i Lund, och informera "
            "om dem tillsammans så att fler kan ta del av dem.",
            "Samverka för att fler som står långt från arbetsmarknaden ska börja studera eller "
            "arbeta, där folkbildningen och språkinlärning spelar en viktig roll.",
            "Utveckla former för samverkan som främjar ett hälsosamt liv för alla, med särskild "
            "tonvikt på att förebygga ensamhet och psykisk ohälsa.",
        ],
    ),
    (
        "hallbar-utveckling-agenda-2030",
        "Hållbar utveckling med utgångspunkt i Agenda 2030",
        "Parterna bidrar till FN:s globala mål, med fokus här på den miljömässiga dimensionen; "
        "den sociala dimensionen ryms i de andra områdena.",
        [
            "Stärka och sprida de miljösatsningar som redan finns i Lund och engagera fler i dem.",
            "Utveckla samverkan kring klimatsmarta lösningar inom boende, stadsodling, konsumtion "
            "och resor.",
        ],
    ),
    (
        "demokrati-delaktighet-trygghet",
        "Demokrati, delaktighet och trygghet",
        "Delaktighet är en hörnsten i demokratin. Tillit till samhället och känslan av att kunna "
        "påverka sitt liv bidrar till trygghet.",
        [
            "Utveckla metoder och nätverk för dialog så att fler invånare, särskilt grupper som "
            "sällan hörs, kan påverka den lokala demokratin och sin egen situation.",
            "Samverka förebyggande för ökad trygghet, till exempel mot alkohol och droger, med "
            "föräldraskapsstöd, grannsamverkan, trygghetsvandringar och nattvandring.",
            "Ta fram en gemensam struktur för krisberedskap, där den idéburna sektorns flexibla "
            "sätt att möta människors behov tas till vara.",
        ],
    ),
]


AGREEMENTS = ("lund", "boras", "blekinge")


def load_demo(*, stdout, agreement: str = "lund") -> None:
    """Lund's agreement (the default), or another one's (``demo_agreements.py``)."""
    year = demo_year()
    if agreement == "lund":
        _load_agreement(AGREEMENT, PRINCIPLES, action_plan(year), PRIORITY_AREAS, stdout=stdout)
        return
    facts = other_agreement(agreement, year)
    principles = [*(PRINCIPLES if facts.get("shared_principles") else []), *facts["principles"]]
    _load_agreement(facts["agreement"], principles, facts["action_plan"], facts["areas"], stdout=stdout)
    if facts.get("operational_plan"):
        _load_operational_plan(facts["agreement"]["name"], facts["action_plan"]["title"], facts["operational_plan"], stdout=stdout)


def _load_operational_plan(agreement_name: str, action_plan_title: str, facts: dict, *, stdout) -> None:
    """A year's operational plan under the action plan, with its activities (found again by title)."""
    action_plan = ActionPlan.objects.get(agreement__name=agreement_name, title=action_plan_title)
    plan, _ = OperationalPlan.objects.update_or_create(
        action_plan=action_plan,
        year=facts["year"],
        defaults={"introduction": facts["introduction"], "adopted_on": facts["adopted_on"]},
    )
    areas = {area.slug: area for area in action_plan.priority_areas.all()}
    for position, (title, area, responsible, starts_on, ends_on, status, note) in enumerate(facts["activities"], 1):
        Activity.objects.update_or_create(
            plan=plan,
            title=title,
            defaults={
                "priority_area": areas.get(area),
                "responsible": responsible,
                "starts_on": starts_on,
                "ends_on": ends_on,
                "status": status,
                "note": note,
                "position": position,
            },
        )
    stdout.write(f"  operational plan {plan.year}: {len(facts['activities'])} activities")


def _load_agreement(AGREEMENT, PRINCIPLES, ACTION_PLAN, PRIORITY_AREAS, *, stdout) -> None:
    agreement, _ = Agreement.objects.update_or_create(
        name=AGREEMENT["name"], defaults={k: v for k, v in AGREEMENT.items() if k != "name"}
    )
    for position, (name, description) in enumerate(PRINCIPLES, start=1):
        Principle.objects.update_or_create(
            agreement=agreement,
            name=name,
            defaults={"description": description, "position": position},
        )
    plan, _ = ActionPlan.objects.update_or_create(
        agreement=agreement,
        title=ACTION_PLAN["title"],
        defaults={k: v for k, v in ACTION_PLAN.items() if k != "title"},
    )
    for position, (slug, name, description, directions) in enumerate(PRIORITY_AREAS, start=1):
        area, _ = PriorityArea.objects.update_or_create(
            action_plan=plan,
            slug=slug,
            defaults={"name": name, "description": description, "position": position},
        )
        for direction_position, text in enumerate(directions, start=1):
            Direction.objects.update_or_create(
                priority_area=area, position=direction_position, defaults={"text": text}
            )
    stdout.write(f"  agreement: {agreement.name}")
