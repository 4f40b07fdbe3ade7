"""The Swedish catalogue is complete: a visitor never meets an English sentence on a Swedish page.

CI first runs ``makemessages`` (CHECK_CATALOGUE=1 in scripts/test.sh), so a string added to the
code without a translation makes this test fail there.
"""

import re
import subprocess
from pathlib import Path

from django.conf import settings

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "sv" / "LC_MESSAGES" / "django.po"


def test_every_message_has_a_swedish_translation():
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(CATALOGUE)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    statistics = result.stderr.strip()
    assert "translated" in statistics
    assert "fuzzy" not in statistics, statistics
    assert "untranslated" not in statistics, statistics


def test_pdf_is_written_one_way():
    """"PDF" in capitals, as the English and most of the Swedish wrote it (not "pdf", "Pdf")."""
    text = CATALOGUE.read_text(encoding="utf-8")
    other = [
        translation
        for translation in re.findall(r'^msgstr "(.*)"$', text, re.MULTILINE)
        if re.search(r"(?<![.\w])(?!PDF)[Pp][Dd][Ff](?!\w)", translation)
    ]
    assert not other, other
