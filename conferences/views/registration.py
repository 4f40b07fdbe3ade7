"""Being written."""
from django.http import Http404
from django.views.generic import View


class _Pending(View):
    def dispatch(self, *args, **kwargs):
        raise Http404


def _pending(request, *args, **kwargs):
    raise Http404


InvitationListView = InvitationSendView = InvitationSendingProgressView = _Pending
RegistrationCreateView = RegistrationColleaguesView = InvitationOpenView = _Pending
RegistrationManageView = RegistrationCancelView = RegistrationListView = _Pending
