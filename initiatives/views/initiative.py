"""Being written."""
from django.views.generic import TemplateView


class _Pending(TemplateView):
    template_name = "404.html"


def _pending_view(request, *args, **kwargs):
    from django.http import Http404

    raise Http404


InitiativeListView = InitiativeCreateView = InitiativeMineView = InitiativeMatchingView = _Pending
InitiativeDetailView = InitiativeEditView = InitiativeAdvanceView = InitiativeMoveBackView = _Pending
InitiativeStateView = InterestCreateView = InterestAnswerView = IntroductionCreateView = _Pending
