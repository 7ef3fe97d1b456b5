"""Where trainees live and what they told us about themselves.

Users are Django's own `auth.User`; everything the programme adds about a
person sits on their `Profile`.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from trainees.choices import Language


class County(models.Model):
    """A county of Ganzi prefecture, by its official administrative code."""

    code = models.CharField(_("administrative code"), max_length=6, unique=True)
    name = models.CharField(_("name"), max_length=50)
    name_bo = models.CharField(_("name in Tibetan"), max_length=100, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("county")
        verbose_name_plural = _("counties")

    def __str__(self):
        return self.name


class Profile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="profile",
        verbose_name=_("user"),
    )
    # E.164, e.g. +8613800138000; empty for people who signed up by e-mail.
    phone = models.CharField(_("mobile phone"), max_length=16, unique=True, null=True, blank=True)
    phone_verified = models.BooleanField(_("phone verified"), default=False)
    language = models.CharField(
        _("preferred language"),
        max_length=7,
        choices=Language.choices,
        default=Language.ZH_HANS,
    )
    county = models.ForeignKey(
        County,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="profiles",
        verbose_name=_("county"),
    )

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self):
        return str(self.user)
