"""Serving stored uploads (applications' minutes, signed agreements, documents, certificates).

Uploads are never served from MEDIA_URL: a view checks the permission, then streams the file here.
"""

from django.http import FileResponse, Http404


def pdf_response(field_file, *, filename: str, as_attachment: bool = True, private: bool = True):
    """Stream a stored PDF, or 404 when there is none (or it has gone from the storage)."""
    if not field_file:
        raise Http404
    try:
        handle = field_file.storage.open(field_file.name, "rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(
        handle, as_attachment=as_attachment, filename=filename, content_type="application/pdf"
    )
    response["X-Content-Type-Options"] = "nosniff"
    if private:
        response["Cache-Control"] = "private, no-store"
    return response
