"""The records the outcomes app keeps of its own (it owns no source data): see each model."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


# API tokens: another government system reads the figures with one (outcomes/tokens.py,
# outcomes/api.py). Only the SHA-256 digest of a token is kept, never the token itself.
class ApiToken(models.Model):
    """A token another system reads the figures with, for the whole prefecture or one county."""

    name = models.CharField(
        _("system"), max_length=100, help_text=_("The system that reads the figures with it.")
    )
    digest = models.CharField(_("SHA-256 digest"), max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("starts with"), max_length=8, editable=False)
    county = models.ForeignKey(
        "trainees.County",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="api_tokens",
        verbose_name=_("county"),
        help_text=_("The county whose figures it may read; empty for the whole prefecture."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    expires_at = models.DateTimeField(_("expires at"))
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"
