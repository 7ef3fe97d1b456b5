"""The four roles of DESIGN.md as groups, and the publishing workflow.

- Trainees: no admin access.
- Instructors: admin access, add and choose images and documents; their page
  rights come per course from courses.services.course_instructors_sync.
- County coordinators: admin access, view and change profiles (the county
  scoping comes later).
- Programme managers: pages in every language tree (the root page), every
  image and document, who teaches which course, all trainee data, and the
  approval of everything submitted for publishing.

Group names are written out here rather than imported: a migration stays as
it was written (trainees.roles holds the same names for the running code).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

TRAINEES = "Trainees"
INSTRUCTORS = "Instructors"
COORDINATORS = "County coordinators"
MANAGERS = "Programme managers"
APPROVAL = "Programme manager approval"
MANAGER_PAGE_PERMISSIONS = [
    "add_page",
    "change_page",
    "publish_page",
    "bulk_delete_page",
    "lock_page",
    "unlock_page",
]
INSTRUCTOR_COLLECTION_PERMISSIONS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "choose_document"),
]
MANAGER_COLLECTION_PERMISSIONS = [
    (app, f"{action}_{model}")
    for app, model in (("wagtailimages", "image"), ("wagtaildocs", "document"))
    for action in ("add", "change", "delete", "choose")
]


def ensure_permissions(apps):
    # On a fresh database, Django creates model permissions only after the
    # last migration; the groups below need them now.
    for label in ("wagtailcore", "wagtailimages", "wagtaildocs", "courses", "trainees"):
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def create_roles(apps, schema_editor):
    ensure_permissions(apps)
    ContentType = apps.get_model("contenttypes.ContentType")
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    Page = apps.get_model("wagtailcore.Page")
    Collection = apps.get_model("wagtailcore.Collection")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")

    def permission(app_label, codename):
        return Permission.objects.get(content_type__app_label=app_label, codename=codename)

    access_admin = permission("wagtailadmin", "access_admin")
    root_page = Page.objects.get(depth=1)
    root_collection = Collection.objects.get(depth=1)

    Group.objects.get_or_create(name=TRAINEES)

    instructors, _ = Group.objects.get_or_create(name=INSTRUCTORS)
    instructors.permissions.add(access_admin)
    for app_label, codename in INSTRUCTOR_COLLECTION_PERMISSIONS:
        GroupCollectionPermission.objects.get_or_create(
            group=instructors,
            collection=root_collection,
            permission=permission(app_label, codename),
        )

    coordinators, _ = Group.objects.get_or_create(name=COORDINATORS)
    coordinators.permissions.add(
        access_admin,
        permission("trainees", "view_profile"),
        permission("trainees", "change_profile"),
    )

    managers, _ = Group.objects.get_or_create(name=MANAGERS)
    moderators = Group.objects.filter(name="Moderators").first()
    if moderators is not None:
        managers.permissions.add(*moderators.permissions.all())
    trainee_types = ContentType.objects.filter(app_label="trainees")
    managers.permissions.add(
        access_admin,
        permission("courses", "assign_instructors"),
        *Permission.objects.filter(content_type__in=trainee_types),
    )
    for codename in MANAGER_PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=managers, page=root_page, permission=permission("wagtailcore", codename)
        )
    for app_label, codename in MANAGER_COLLECTION_PERMISSIONS:
        GroupCollectionPermission.objects.get_or_create(
            group=managers,
            collection=root_collection,
            permission=permission(app_label, codename),
        )

    create_approval_workflow(apps, managers=managers, root_page=root_page)


def create_approval_workflow(apps, *, managers, root_page):
    """Make the programme managers the approvers of every page, in every language."""
    ContentType = apps.get_model("contenttypes.ContentType")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowTask = apps.get_model("wagtailcore.WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore.WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore.GroupApprovalTask")

    task_type, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    task, _ = GroupApprovalTask.objects.get_or_create(
        name=APPROVAL, defaults={"content_type": task_type, "active": True}
    )
    task.groups.set([managers])
    workflow, _ = Workflow.objects.get_or_create(name=APPROVAL, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})

    # Wagtail's default "Moderators approval" makes way: it is disabled, not
    # deleted, so any moderation already under way keeps its history.
    replaced = Workflow.objects.filter(workflow_pages__page=root_page).exclude(pk=workflow.pk)
    for old in replaced:
        old.active = False
        old.save(update_fields=["active"])
        GroupApprovalTask.objects.filter(
            workflow_tasks__workflow=old, groups__name="Moderators"
        ).update(active=False)
    WorkflowPage.objects.update_or_create(page=root_page, defaults={"workflow": workflow})


def delete_roles(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowPage = apps.get_model("wagtailcore.WorkflowPage")
    Task = apps.get_model("wagtailcore.Task")
    Page = apps.get_model("wagtailcore.Page")

    moderators = Workflow.objects.filter(name="Moderators approval").first()
    if moderators is not None:
        moderators.active = True
        moderators.save(update_fields=["active"])
        Task.objects.filter(name="Moderators approval").update(active=True)
        WorkflowPage.objects.update_or_create(
            page=Page.objects.get(depth=1), defaults={"workflow": moderators}
        )
    Workflow.objects.filter(name=APPROVAL).delete()
    Task.objects.filter(name=APPROVAL).delete()
    Group.objects.filter(name__in=[TRAINEES, INSTRUCTORS, COORDINATORS, MANAGERS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("trainees", "0002_ganzi_counties"),
        ("courses", "0002_site_tree"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(create_roles, delete_roles)]
