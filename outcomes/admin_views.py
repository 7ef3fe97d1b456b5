"""Targets in the Wagtail admin: programme managers set them (model permissions given to
their group by a migration); the dashboard shows the share achieved."""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.viewsets.model import ModelViewSet

from outcomes.models import Target


class TargetViewSet(ModelViewSet):
    model = Target
    icon = "pick"
    menu_label = _("Targets")
    add_to_admin_menu = True
    menu_order = 151
    form_fields = ["year", "county", "indicator", "value"]
    list_display = ["year", "county", "indicator", "value"]
    list_filter = ["year", "indicator", "county"]
    list_export = ["year", "county", "indicator", "value"]
    export_filename = "targets"
