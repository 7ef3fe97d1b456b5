from django.urls import path

from incubator import application_views, milestone_views, my_shop_views

# Included under the language prefix, before Wagtail's catch-all page URLs.
urlpatterns = [
    path("incubation/apply/", application_views.apply, name="incubation_apply"),
    path(
        "incubation/applications/<int:application_id>/answer/",
        application_views.answer,
        name="incubation_answer",
    ),
    path("shop/", my_shop_views.my_shops, name="my_shops"),
    path("shop/<int:shop_id>/", my_shop_views.my_shop, name="my_shop"),
    path("shop/<int:shop_id>/report/", my_shop_views.report_save, name="my_shop_report"),
    path("shop/<int:shop_id>/jobs/", my_shop_views.job_add, name="my_shop_job_add"),
    path(
        "shop/<int:shop_id>/jobs/<int:job_id>/end/",
        my_shop_views.job_end,
        name="my_shop_job_end",
    ),
    path(
        "shop/<int:shop_id>/milestones/",
        my_shop_views.milestone_add,
        name="my_shop_milestone_add",
    ),
    path(
        "shop/milestones/<int:milestone_id>/evidence/",
        milestone_views.milestone_evidence,
        name="milestone_evidence",
    ),
]
