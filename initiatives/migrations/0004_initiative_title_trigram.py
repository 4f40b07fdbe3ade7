"""A trigram index for searches in initiative titles (PostgreSQL only).

``title__icontains`` (the catalogue's search) is ``UPPER(title::text) LIKE UPPER('%…%')``:
without this index, a sequential scan of every initiative. The index needs the pg_trgm
extension; where it cannot be created (no right to, another database) the search still works,
only slower, so the migration then leaves it out. Not declared in ``Meta.indexes``: SQLite has
no such index.
"""

import logging

from django.db import migrations, transaction

logger = logging.getLogger(__name__)

INDEX = "initiative_title_trgm"


def create(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {INDEX} ON initiatives_initiative "
                "USING gin (UPPER(title::text) gin_trgm_ops)"
            )
    except Exception:  # noqa: BLE001 - the search works without it
        logger.warning("pg_trgm is not available: initiative titles are searched without an index")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0003_initiative_catalogue_order")]

    operations = [migrations.RunPython(create, drop)]
