"""Django's database sessions, read by a query compiled once (``SESSION_ENGINE``, issue 16).

Every logged-in request reads its session first. Django's ``db`` backend builds and compiles the
same ``SELECT`` through the ORM each time, which costs more than PostgreSQL takes to answer it; here
it is compiled once per process (plumbing/compiled.py) and run as SQL with the session's key and the
moment. Same table, same rows, same answers: saving, deleting and expiring are Django's own.
"""

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import connections
from django.utils import timezone

from .compiled import CompiledQueries, Marker, moment_marker

# A key and a moment no session has: compiled in, replaced by the real ones on each run.
_QUERIES = CompiledQueries(
    {
        "key": Marker("compiled-session-key-placeholder"),
        "now": moment_marker(),
    }
)


class SessionStore(DatabaseSessionStore):
    def _get_session_from_db(self):
        model = self.model
        rows = _QUERIES.rows(
            connections[model.objects.db],
            ("session",),
            lambda key, now: model.objects.filter(session_key=key, expire_date__gt=now).values_list(
                "session_data", "expire_date"
            )[:1],
            key=self.session_key,
            now=timezone.now(),
        )
        if not rows:
            self._session_key = None
            return None
        session_data, expire_date = rows[0]
        return model(session_key=self.session_key, session_data=session_data, expire_date=expire_date)
