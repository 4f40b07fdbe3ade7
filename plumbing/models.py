"""The shared plumbing's records: the audit log, background work waiting for the broker, uploads kept
for a form's next try, and the ledger of emails sent once (``Delivery``).

The first three were made by the ``overenskommelse`` app and moved here (issue 15): each keeps its
table (``Meta.db_table``) and its rows.
"""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .limits import TEXT_MAX_LENGTH


class AuditEntry(models.Model):
    """One decision or change to a record that matters: who, when, what, and which fields changed
    (before and after). Written only by ``plumbing.audit.audit_record`` inside the service
    that makes the change (so a rolled-back change leaves no entry); read by the convener; never
    changed through the portal (the admin shows it read-only)."""

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The name at the time: a decision stays attributed after the account is gone.
    actor_label = models.CharField(_("by (name)"), max_length=200, blank=True)
    action = models.CharField(_("action"), max_length=64)
    # The part of the action before the dot (accession, initiative, meeting, …): the log's filter.
    kind = models.CharField(_("kind"), max_length=32, db_index=True)
    target_type = models.ForeignKey(
        "contenttypes.ContentType",
        verbose_name=_("kind of record"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    target_id = models.CharField(_("record id"), max_length=64, blank=True)
    target_label = models.CharField(_("record"), max_length=300, blank=True)
    changes = models.JSONField(
        _("changes"), default=dict, blank=True, encoder=DjangoJSONEncoder,
        help_text=_('{"field": {"before": …, "after": …}} for each changed field.'),
    )
    note = models.TextField(_("note"), blank=True, max_length=TEXT_MAX_LENGTH)

    class Meta:
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")
        db_table = "overenskommelse_auditentry"
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_target_idx")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.target_label}"


class QueuedTask(models.Model):
    """Background work (a Celery task and its arguments) recorded in the same transaction as the
    change that asks for it, so that it is not lost when the broker (Redis) cannot be reached at the
    commit: ``plumbing.outbox`` hands it to the broker after the commit and, when that
    fails, again later (Celery beat). ``sent_at`` is when the broker took it."""

    task = models.CharField(max_length=200)
    args = models.JSONField(default=list, blank=True, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        db_table = "overenskommelse_queuedtask"
        ordering = ["pk"]
        indexes = [
            models.Index(
                fields=["created_at"], condition=models.Q(sent_at__isnull=True), name="queuedtask_waiting_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.task}{tuple(self.args)}"


class KeptUpload(models.Model):
    """A file uploaded with a form that had errors elsewhere, stored so the next try need not choose
    it again (``plumbing.uploads``). The row says whose it is and since when; when a record
    takes the file the row is removed, and a kept file nobody took is deleted after a day."""

    path = models.CharField(max_length=255, unique=True)
    # SET_NULL, not CASCADE: the row must outlive the account so the cleanup still finds the file.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        db_table = "overenskommelse_keptupload"
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.path


class Delivery(models.Model):
    """One email of one ``purpose`` about one object to one address, claimed before it goes and
    marked sent once the mail server took it: the ledger that makes every "send once" of the portal
    (a round's invitations and reminders, a meeting's invitation and cancellation, a conference's
    invitations) send each email once per address, run twice or side by side. Written only through
    ``plumbing.ledger``; a claim left unsent by a dead worker expires there
    (``ledger.CLAIM_EXPIRES_AFTER``).

    ``object_key`` names the object as stored data (``ledger.object_key``: the model's name, its id,
    and what else tells one sending from another, e.g. ``meeting:7:seq2``); no app label, so a model
    moved to another app keeps its deliveries."""

    # What the email is: "<app or feature>.<email>", e.g. "followup.invitation", "meeting.invitation".
    purpose = models.CharField(_("purpose"), max_length=64)
    object_key = models.CharField(_("record"), max_length=128)
    # Lower case, stripped (``ledger.normalise_address``).
    address = models.CharField(_("email address"), max_length=254)
    claimed_at = models.DateTimeField(_("claimed"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("email delivery")
        verbose_name_plural = _("email deliveries")
        ordering = ["purpose", "object_key", "address"]
        constraints = [
            # Its index serves every lookup of the ledger: by purpose and object, then by address.
            models.UniqueConstraint(fields=["purpose", "object_key", "address"], name="delivery_once")
        ]

    def __str__(self) -> str:
        return f"{self.purpose} {self.object_key} → {self.address}"
