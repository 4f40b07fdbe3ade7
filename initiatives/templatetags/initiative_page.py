"""Parts of an initiative's page written in Python (plumbing/rows.py): the step indicator, the
priority areas, directions and parties, the principle assessments and the history. The same markup
as the template code they replace (``_step_progress.html`` without ``compact``, the loops of
``initiative_detail.html``) up to the whitespace between tags, with the same escaping, dates and
translations; each kind of link reversed once per page."""

from django import template
from django.urls import reverse
from django.utils.formats import localize
from django.utils.safestring import mark_safe
from django.utils.text import normalize_newlines
from django.utils.timezone import localtime
from django.utils.translation import gettext

from accounts.models import Organisation
from overenskommelse.process import Step
from plumbing.rows import escape, long_date, pk_url

from ..models import StepTransition, _label

register = template.Library()


def _linebreaksbr(text: str) -> str:
    """``{{ text|linebreaksbr }}`` (autoescaped)."""
    return escape(normalize_newlines(text)).replace("\n", "<br>")


@register.simple_tag
def step_progress(initiative, steps) -> str:
    """``_step_progress.html`` (the full indicator): each step done, current or to come, in words."""
    number = initiative.step_number
    state = initiative.state
    caption = gettext("Where the initiative is: step %(number)s of %(total)s") % {
        "number": localize(number),
        "total": localize(len(steps)),
    }
    if state != "active":
        caption += f" ({escape(initiative.get_state_display().lower())})"
    if state == "paused":
        current = gettext("Current step (paused)")
    elif state == "closed":
        current = gettext("Closed early in this step")
    else:
        current = gettext("Current step")
    done, to_come = escape(gettext("Done")), escape(gettext("To come"))
    items = []
    for step in steps:
        title = escape(step.title)
        if step.number < number:
            items.append(
                f'<li class="list-group-item list-group-item-success flex-fill">\n'
                f'<span class="fw-semibold">{title}</span><br>\n'
                f'<span class="small"><span aria-hidden="true">✓ </span>{done}</span>\n</li>'
            )
        elif step.number == number:
            items.append(
                f'<li class="list-group-item list-group-item-primary flex-fill border-2" aria-current="step">\n'
                f'<span class="fw-semibold">{title}</span><br>\n'
                f'<span class="small fw-semibold"><span aria-hidden="true">▶ </span>{escape(current)}</span>\n</li>'
            )
        else:
            items.append(
                f'<li class="list-group-item flex-fill">\n'
                f'<span class="fw-semibold">{title}</span><br>\n'
                f'<span class="small">{to_come}</span>\n</li>'
            )
    return mark_safe(
        '<figure class="mb-4" aria-labelledby="step-progress-caption">\n'
        f'<figcaption id="step-progress-caption" class="fw-semibold mb-2">\n{caption}\n</figcaption>\n'
        '<ol class="list-group list-group-numbered list-group-horizontal-lg">\n'
        + "\n".join(items)
        + "\n</ol>\n</figure>"
    )


@register.simple_tag
def area_items(areas) -> str:
    """``<li>`` of each priority area ``(slug, name)``, linked to its page."""
    prefix, _, suffix = reverse("priority_area", kwargs={"slug": "MARKER-SLUG"}).partition("MARKER-SLUG")
    return mark_safe(
        "".join(f'<li><a href="{prefix}{escape(slug)}{suffix}" lang="sv">{escape(name)}</a></li>' for slug, name in areas)
    )


@register.simple_tag
def direction_items(directions) -> str:
    return mark_safe("".join(f"<li>{escape(text)}</li>" for text in directions))


@register.simple_tag
def party_items(parties: list[Organisation]) -> str:
    """``<li>`` of each party: its name (linked to its profile while it is connected) and sector."""
    profile = pk_url("accounts:organisation_profile")
    items = []
    for organisation in parties:
        name = escape(organisation.name)
        if organisation.is_connected:
            name = f'<a href="{profile(organisation.pk)}" lang="sv">{name}</a>'
        else:
            name = f'<span lang="sv">{name}</span>'
        items.append(f"<li>{name} – {escape(organisation.get_sector_display().lower())}</li>")
    return mark_safe("\n".join(items))


@register.simple_tag
def assessment_items(assessments) -> str:
    """``<dt>``/``<dd>`` of each principle the parties wrote about (``(principle, text)``)."""
    return mark_safe(
        "\n".join(
            f'<dt class="col-sm-3" lang="sv">{escape(principle)}</dt>\n'
            f'<dd class="col-sm-9" lang="sv">{_linebreaksbr(text)}</dd>'
            for principle, text in assessments
            if text
        )
    )


@register.simple_tag
def history_rows(transitions, insider: bool = False) -> str:
    """``<tr>`` of each move between steps (``HistoryRow``): when, what, from and to which step,
    by whom (for the parties, the group and the convener) and the comment."""
    rows = []
    for row in transitions:
        by = ""
        if insider:
            by = f"<td>{escape(row.by) if row.by is not None else '–'}</td>\n"
        from_step = _label(Step, row.from_step) if row.from_step else ""
        rows.append(
            f"<tr>\n<td>{long_date(localtime(row.at))}</td>\n"
            f"<td>{escape(_label(StepTransition.Kind, row.kind))}</td>\n"
            f"<td>{escape(from_step or '–')}</td>\n"
            f"<td>{escape(_label(Step, row.to_step))}</td>\n{by}"
            f'<td lang="sv">{escape(row.comment or "–")}</td>\n</tr>'
        )
    return mark_safe("\n".join(rows))
