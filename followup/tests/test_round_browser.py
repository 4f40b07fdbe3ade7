"""In a real browser, on the demo data: the officer of Kultur- och fritidsförvaltningen fills in
this year's report from the round list, goes on to the confirmation and submits it; the chess
club's representative answers the survey. axe-core finds no WCAG 2.1 A/AA violation on the report,
the confirmation and the survey pages (and the convener's round pages), and the browser reports no error (strict CSP).
Then the convener closes the round, makes the yearly report and downloads it (the officer's answer
is in the PDF), and opens next year's round."""

import subprocess

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from accounts.demo import DEMO_PASSWORD
from followup.models import DepartmentReport, FollowUpRound, SurveyResponse
from overenskommelse.demo_year import demo_year
from overenskommelse.tests.browser import check_page, log_in, log_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_officer_reports_an_association_answers_and_the_convener_makes_the_report(
    page, demo_data, console_errors, tmp_path
):
    year = demo_year()  # this year's round is open, last year's closed
    # The officer: from the round list to the draft, filled in from the register.
    log_in(page, "handlaggare@demo.lund.se", DEMO_PASSWORD)
    page.goto(reverse("followup:round_list"))
    check_page(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Fortsätt med rapporten").first.click()
    check_page(page)
    expect(page.locator("h1")).to_have_text(f"Rapport till uppföljningen av {year}")
    expect(page.get_by_text("Kvällsöppen mötesplats för unga på Norra Fäladen").first).to_be_visible()
    expect(page.get_by_text("Schack i skolan och på fritidsgårdarna")).to_have_count(0)  # ended last year

    answers = [
        "Vi bjuder in föreningarna innan förslagen tas fram.",
        "Föreningsrådet fyra gånger om året.",
        "Föreningsservice och en kontaktperson per stadsdel.",
        "En rutin för IOP med mall för avtal.",
    ]
    textareas = page.locator("main textarea[name^='answer_']")
    expect(textareas).to_have_count(4)
    for index, text in enumerate(answers):
        textareas.nth(index).fill(text)
    with page.expect_navigation():
        page.get_by_role("button", name="Spara och gå vidare till att skicka in").click()
    check_page(page)
    expect(page.get_by_text(answers[0])).to_be_visible()
    with page.expect_navigation():
        page.get_by_role("button", name="Skicka in rapporten").click()
    expect(page.get_by_text("Rapporten är inskickad. Tack!")).to_be_visible()
    check_page(page)
    report = DepartmentReport.objects.get(followup_round__year=year, administration__name="Kultur- och fritidsförvaltningen")
    assert report.status == "submitted"
    log_out(page)

    # The association: from the round list to the survey of its one organisation.
    log_in(page, "forening@demo.lund.se", DEMO_PASSWORD)
    page.goto(reverse("followup:round_list"))
    with page.expect_navigation():
        page.get_by_role("link", name="Svara på enkäten").first.click()
    check_page(page)
    first = page.get_by_role("group", name="Blev er organisation involverad tidigt i kommunens planering och processer?")
    first.get_by_label("4", exact=True).check()
    page.get_by_label("Med egna ord om fråga 1 (frivilligt)").fill("Vi var med från början.")
    page.get_by_role("group", name="Var kommunen öppen, och gav den er insyn i sitt arbete?").get_by_label(
        "Vet inte / vill inte svara"
    ).check()
    # Every question is answered (the answer is sent once, whole): the other two on the scale.
    for question in (
        "Kunde er organisation behålla sin identitet och vara självständig och oberoende i mötet med kommunen?",
        "Tog kommunen tillvara er organisations kvalitet och kunskap i samverkan?",
    ):
        page.get_by_role("group", name=question).get_by_label("3", exact=True).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Skicka svaren").click()
    expect(page.get_by_text("Tack! Svaret från Lunds Schackklubb har kommit in.")).to_be_visible()
    check_page(page)
    response = SurveyResponse.objects.get(followup_round__year=year, organisation__name="Lunds Schackklubb")
    answers = {(answer.score, answer.text) for answer in response.answers.all()}
    assert answers == {(4, "Vi var med från början."), (None, ""), (3, "")}
    log_out(page)

    # The convener sees who has reported, last year's survey results, and the form for a new round.
    log_in(page, "sammankallande@demo.lund.se", DEMO_PASSWORD)
    page.goto(reverse("followup:round_detail", kwargs={"year": year}))
    check_page(page)
    expect(page.get_by_text("2 av 5 förvaltningar har skickat in sina rapporter.")).to_be_visible()
    page.goto(reverse("followup:survey_results", kwargs={"year": year - 1}))
    check_page(page)

    # The round closes; the convener makes the yearly report and downloads it: the officer's answer
    # and the year are in the PDF.
    page.goto(reverse("followup:round_detail", kwargs={"year": year}))
    with page.expect_navigation():
        page.get_by_role("link", name="Stäng uppföljningen", exact=True).click()
    check_page(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Stäng uppföljningen").click()
    with page.expect_navigation():
        page.get_by_role("link", name="Uppföljningsrapport", exact=True).click()
    page.get_by_role("button", name="Skapa uppföljningsrapport").click()
    version = page.locator("#version-1")
    version.get_by_text("Klar", exact=True).wait_for()
    check_page(page)
    with page.expect_download() as downloaded:
        version.get_by_role("link", name="Ladda ner version 1 (PDF)").click()
    path = tmp_path / "rapport.pdf"
    downloaded.value.save_as(path)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True).stdout.decode()
    text = " ".join(text.replace("\xa0", " ").split())
    assert f"Uppföljning av överenskommelsen {year}" in text
    assert "Vi bjuder in föreningarna innan förslagen tas fram." in text

    # And opens next year's round: the form keeps what was typed, the round opens and the emails go.
    page.goto(reverse("followup:round_create"))
    check_page(page)
    page.get_by_label("År som följs upp").fill(str(year + 1))
    page.get_by_label("Sista dag att rapportera").fill(f"{year + 2}-02-15")
    with page.expect_navigation():
        page.get_by_role("button", name="Spara").click()
    with page.expect_navigation():
        page.get_by_role("link", name="Öppna uppföljningen", exact=True).click()
    check_page(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Öppna och skicka e-postmeddelandena").click()
    assert FollowUpRound.objects.get(year=year + 1).is_open
    assert console_errors == []
