"""Being written."""
from django.http import Http404
from django.views.generic import View


class _Pending(View):
    def dispatch(self, *args, **kwargs):
        raise Http404


def _pending(request, *args, **kwargs):
    raise Http404


CheckInView = CheckInToggleView = WalkInView = DocumentCreateView = _Pending
AttendanceFiguresView = CertificateView = _Pending
participants_csv = participants_xlsx = badges_pdf = document_file = certificate_file = _pending
