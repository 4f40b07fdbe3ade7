"""Print the number of rows of every table moved out of ``followup`` by the split (issue 15) and out
of ``overenskommelse`` to ``plumbing`` (issue 15, item 7), one
``table count`` a line, so a database can be compared before and after ``migrate``:

    DATABASE_URL=postgres://… .venv/bin/python scripts/moved_table_counts.py > before.txt
    (migrate with the new code)
    DATABASE_URL=postgres://… .venv/bin/python scripts/moved_table_counts.py > after.txt
    diff before.txt after.txt

It reads the tables by name (no model is imported), so it runs on the code from before the split
as well as after it. Also prints the content types of the moved models and the outbox's task names.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "overenskommelse.settings.base")

import django

django.setup()

from django.db import connection

MOVED_TABLES = [
    # to collaboration
    "followup_seat",
    "followup_seatterm",
    "followup_groupoffice",
    "followup_meeting",
    "followup_agendaitem",
    "followup_meetingattendance",
    "followup_meetingemail",
    "followup_decision",
    # to documents
    "followup_meetingpack",
    "followup_followupreport",
    # to plumbing
    "overenskommelse_auditentry",
    "overenskommelse_queuedtask",
    "overenskommelse_keptupload",
]
# Left in followup: counted too, as a check that nothing else changed.
KEPT_TABLES = [
    "followup_followupround",
    "followup_question",
    "followup_departmentreport",
    "followup_reportedcommitment",
    "followup_departmentanswer",
    "followup_surveyresponse",
    "followup_surveyanswer",
    "followup_followupemail",
]
MODELS = [table.split("_", 1)[1] for table in MOVED_TABLES]


def main() -> None:
    with connection.cursor() as cursor:
        for table in MOVED_TABLES + KEPT_TABLES:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            print(table, cursor.fetchone()[0])
        placeholders = ", ".join(["%s"] * len(MODELS))
        # Where the moved models' content types point, and what points at them (audit, permissions).
        cursor.execute(
            "SELECT ct.model, COUNT(DISTINCT a.id), COUNT(DISTINCT p.id) FROM django_content_type ct"
            " LEFT JOIN overenskommelse_auditentry a ON a.target_type_id = ct.id"
            " LEFT JOIN auth_permission p ON p.content_type_id = ct.id"
            f" WHERE ct.model IN ({placeholders}) GROUP BY ct.model ORDER BY ct.model",
            MODELS,
        )
        for model, audit, permissions in cursor.fetchall():
            print(f"contenttype {model} audit={audit} permissions={permissions}")
        cursor.execute(
            f"SELECT ct.app_label, COUNT(*) FROM django_content_type ct WHERE ct.model IN ({placeholders})"
            " GROUP BY ct.app_label ORDER BY ct.app_label",
            MODELS,
        )
        for app_label, count in cursor.fetchall():
            print(f"contenttype-app {app_label} {count}")
        cursor.execute("SELECT task, COUNT(*) FROM overenskommelse_queuedtask GROUP BY task ORDER BY task")
        for task, count in cursor.fetchall():
            print(f"queuedtask {task} {count}")


if __name__ == "__main__":
    main()
