"""The rows of the initiative catalogue and of the commitments register, written in Python
(plumbing/rows.py): the same markup as ``initiative_list_item.html`` (with the compact
``_step_progress.html``) and the register's table rows (with ``partnership_period.html``)."""

from django import template
from django.utils.formats import localize
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from overenskommelse.selectors import agreement_words
from plumbing.rows import escape, long_date, names, pk_url

from ..models import Partnership

register = template.Library()


def _step_dots(step_number: int, total: int) -> str:
    return "".join(
        '<span class="d-inline-block rounded-circle border border-success p-1 me-1'
        + (" bg-success" if number <= step_number else " bg-white")
        + '"></span>'
        for number in range(1, total + 1)
    )


@register.simple_tag
def initiative_items(initiatives, steps, heading="h2") -> str:
    """``<li class="card">`` of each initiative of a public list: title (linked), the compact step
    indicator, parties, priority areas and form of collaboration."""
    detail = pk_url("initiatives:initiative_detail")
    total = len(steps)
    heading = escape(heading or "h2")
    labels = {
        "parties": escape(gettext("Parties")),
        "areas": escape(agreement_words().Areas),
        "form": escape(gettext("Form of collaboration")),
    }
    # The sentence and each label looked up once a page, not for each row.
    step_sentence = gettext("Step %(number)s of %(total)s: %(name)s")
    shown: dict[tuple[str, str], str] = {}

    def display(initiative, field: str) -> str:
        key = (field, getattr(initiative, field))
        if key not in shown:
            shown[key] = getattr(initiative, f"get_{field}_display")()
        return shown[key]

    items = []
    for initiative in initiatives:
        number = initiative.step_number
        step_text = escape(step_sentence % {"number": number, "total": total, "name": display(initiative, "step")})
        state = ""
        if initiative.state != "active":
            state = f" · <strong>{escape(display(initiative, 'state'))}</strong>"
        form = ""
        if initiative.form:
            form = (
                f'\n        <dt class="col-sm-3">{labels["form"]}</dt>'
                f'\n        <dd class="col-sm-9">{escape(display(initiative, "form"))}</dd>'
            )
        parties = names([party.organisation for party in initiative.party_list])
        items.append(
            f'\n<li class="card mb-3">\n  <div class="card-body">'
            f'\n    <{heading} class="h5 card-title"><a href="{detail(initiative.pk)}" lang="sv">{escape(initiative.title)}</a></{heading}>'
            f'\n    <p class="small mb-1">\n  <span aria-hidden="true">{_step_dots(number, total)}</span>'
            f"\n  {step_text}{state}\n</p>"
            f'\n    <dl class="row small mb-0">'
            f'\n      <dt class="col-sm-3">{labels["parties"]}</dt>'
            f'\n      <dd class="col-sm-9" lang="sv">{parties}</dd>'
            f'\n      <dt class="col-sm-3">{labels["areas"]}</dt>'
            f'\n      <dd class="col-sm-9" lang="sv">{names(initiative.area_list)}</dd>{form}'
            f"\n    </dl>\n  </div>\n</li>\n"
        )
    return mark_safe("".join(items))


def _period(partnership, until_further_notice: str) -> str:
    if partnership.ends_on:
        return f"{long_date(partnership.starts_on)} – {long_date(partnership.ends_on)}"
    return escape(until_further_notice % {"start": long_date(partnership.starts_on)})


@register.simple_tag
def partnership_rows(partnerships, today, by_party=False) -> str:
    """``<tr>`` of each commitment of the public register: title (linked), förvaltning (and the
    nämnd above it), the public party it belongs to (``by_party``: where the rows belong to several),
    idea-driven parties, form, priority area, period and kronor per year."""
    detail = pk_url("initiatives:partnership_detail")
    # The forms' names and the sentences looked up once a page, not for each row.
    forms = {value: escape(label) for value, label in Partnership._meta.get_field("form").flatchoices}
    ended = escape(gettext("Ended"))
    until_further_notice = gettext("From %(start)s, until further notice")
    kronor = gettext("%(amount)s kr")
    rows = []
    for partnership in partnerships:
        # The names come with the rows (selectors.partnership_public_page).
        parent = ""
        if partnership.committee_name:
            parent = f'<br><small class="text-body-secondary" lang="sv">{escape(partnership.committee_name)}</small>'
        party = ""
        if by_party:
            party = f'\n            <td lang="sv">{escape(partnership.public_party_name or "–")}</td>'
        area = partnership.area_name or "–"
        badge = ""
        if partnership.ends_on and partnership.ends_on < today:
            badge = f'<br><span class="badge text-bg-secondary">{ended}</span>'
        amount = escape(kronor % {"amount": localize(partnership.money_per_year)})
        period = _period(partnership, until_further_notice)
        rows.append(
            f'<tr>\n            <th scope="row"><a href="{detail(partnership.pk)}" lang="sv">{escape(partnership.title)}</a></th>'
            f'\n            <td><span lang="sv">{escape(partnership.administration_name)}</span>{parent}</td>{party}'
            f'\n            <td lang="sv">{names(partnership.organisation_list)}</td>'
            f"\n            <td>{forms.get(partnership.form) or escape(partnership.form)}</td>"
            f'\n            <td lang="sv">{escape(area)}</td>'
            f"\n            <td>\n              {period}\n              {badge}\n            </td>"
            f'\n            <td class="text-end text-nowrap">{amount}</td>\n          </tr>\n'
        )
    return mark_safe("".join(rows))
