from django.contrib import admin

from .models import AuditEntry, Delivery


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The audit log, read only: nobody adds, changes or deletes an entry, not even here."""

    list_display = ("at", "actor_label", "action", "target_label")
    list_filter = ("kind", "action")
    search_fields = ("target_label", "actor_label", "note")
    date_hierarchy = "at"
    list_select_related = ("actor", "target_type")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    """The ledger of emails sent once, read only: a row changed by hand could send an email twice."""

    list_display = ("purpose", "object_key", "address", "claimed_at", "sent_at")
    list_filter = ("purpose",)
    search_fields = ("object_key", "address")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
