"""Being written."""
from django.http import Http404
from django.views.generic import View


class _Pending(View):
    def dispatch(self, *args, **kwargs):
        raise Http404


def _pending(request, *args, **kwargs):
    raise Http404


ConferenceListView = ConferenceCreateView = ConferenceDetailView = ConferenceEditView = _Pending
ProgrammeView = SessionCreateView = SessionEditView = SessionDeleteView = _Pending
conference_ical = _pending
