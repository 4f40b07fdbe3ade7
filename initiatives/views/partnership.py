"""Being written."""
from django.views.generic import TemplateView


class _Pending(TemplateView):
    template_name = "404.html"


def _pending_view(request, *args, **kwargs):
    from django.http import Http404

    raise Http404


PartnershipListView = PartnershipMineView = PartnershipCreateView = PartnershipDetailView = _Pending
PartnershipEditView = PartnershipEndView = _Pending
partnership_list_csv = partnership_list_json = partnership_attachment = _pending_view
