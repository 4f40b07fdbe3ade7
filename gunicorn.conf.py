"""gunicorn's configuration (the Procfile names it; gunicorn also reads it from the project's folder).

gunicorn writes ``Server: gunicorn`` on every answer, drops any ``Server`` header the application
sets, and has no setting for it; naming the software only helps someone looking for a known
weakness. The name it writes is replaced by the portal's neutral one (the same as
``plumbing.middleware.SERVER_HEADER``, which runserver sends), also on the static files.
"""

from gunicorn.http import wsgi

# Read by each Response gunicorn makes (``self.version = SERVER``).
wsgi.SERVER = "web"
