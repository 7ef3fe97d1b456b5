import pytest

from django.contrib.auth.models import Group
from django.urls import reverse

from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

from courses.factories import CoursePageFactory
from courses.services import course_instructors_sync
from trainees import roles
from trainees.factories import UserFactory

pytestmark = pytest.mark.django_db


def model_permissions(group_name: str) -> set[str]:
    group = Group.objects.get(name=group_name)
    return {
        f"{app}.{codename}"
        for app, codename in group.permissions.values_list("content_type__app_label", "codename")
    }


def page_permissions(group_name: str) -> set[tuple[int, str]]:
    return set(
        GroupPagePermission.objects.filter(group__name=group_name).values_list(
            "page__depth", "permission__codename"
        )
    )


def collection_permissions(group_name: str) -> set[str]:
    return set(
        GroupCollectionPermission.objects.filter(
            group__name=group_name, collection=Collection.get_first_root_node()
        ).values_list("permission__codename", flat=True)
    )


def test_fresh_database_has_the_four_roles():
    names = set(Group.objects.values_list("name", flat=True))

    assert {
        roles.TRAINEES,
        roles.INSTRUCTORS,
        roles.COUNTY_COORDINATORS,
        roles.PROGRAMME_MANAGERS,
    } <= names


def test_trainees_have_no_permissions():
    assert model_permissions(roles.TRAINEES) == set()
    assert page_permissions(roles.TRAINEES) == set()
    assert collection_permissions(roles.TRAINEES) == set()


def test_instructors_reach_the_admin_and_add_media_but_hold_no_pages():
    assert model_permissions(roles.INSTRUCTORS) == {"wagtailadmin.access_admin"}
    assert page_permissions(roles.INSTRUCTORS) == set()
    assert collection_permissions(roles.INSTRUCTORS) == {
        "add_image",
        "choose_image",
        "add_document",
        "choose_document",
    }


def test_county_coordinators_run_their_people_cohorts_and_areas_but_only_view_certificates():
    # The incubator's permissions are tested in tests/incubator/test_models.py.
    outside_incubator = {
        name
        for name in model_permissions(roles.COUNTY_COORDINATORS)
        if not name.startswith("incubator.")
    }
    assert outside_incubator == {
        "wagtailadmin.access_admin",
        "trainees.view_profile",
        "trainees.change_profile",
        *(
            f"trainees.{action}_{model}"
            for model in (
                "trainee",
                "household",
                "householdstatuschange",
                "cohort",
                "cohortsession",
                "attendance",
                "enrolment",
            )
            for action in ("view", "add", "change")
        ),
        *(
            f"trainees.{action}_{model}"
            for model in ("township", "village")
            for action in ("view", "add", "change", "delete")
        ),
        "trainees.view_certificate",
        "trainees.view_followup",
    }
    assert page_permissions(roles.COUNTY_COORDINATORS) == set()


def test_programme_managers_hold_every_language_tree_and_all_media():
    assert page_permissions(roles.PROGRAMME_MANAGERS) == {
        (1, codename)
        for codename in (
            "add_page",
            "change_page",
            "publish_page",
            "bulk_delete_page",
            "lock_page",
            "unlock_page",
        )
    }
    assert collection_permissions(roles.PROGRAMME_MANAGERS) == {
        f"{action}_{model}"
        for action in ("add", "change", "delete", "choose")
        for model in ("image", "document")
    }
    assert model_permissions(roles.PROGRAMME_MANAGERS) >= {
        "wagtailadmin.access_admin",
        "courses.assign_instructors",
        "trainees.view_profile",
        "trainees.change_profile",
        "trainees.add_profile",
        "trainees.delete_profile",
        "trainees.change_county",
        "trainees.delete_trainee",
        "trainees.change_certificate",
        "trainees.delete_enrolment",
        *(
            f"trainees.{action}_{model}"
            for model in ("township", "village")
            for action in ("view", "add", "change", "delete")
        ),
        *model_permissions("Moderators"),
    }


def test_every_page_in_every_language_goes_to_programme_manager_approval():
    course = CoursePageFactory()
    tibetan_home = Page.objects.get(depth=2, locale__language_code="bo")

    for page in (course, tibetan_home):
        workflow = page.get_workflow()
        assert workflow.name == "Programme manager approval"
        [task] = [workflow_task.task.specific for workflow_task in workflow.workflow_tasks.all()]
        assert [group.name for group in task.groups.all()] == [roles.PROGRAMME_MANAGERS]


def test_trainee_cannot_reach_the_admin(client):
    trainee = UserFactory(groups=[roles.TRAINEES])
    client.force_login(trainee)

    response = client.get("/admin/")

    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert response["Location"].startswith(reverse("wagtailadmin_login"))


def teach(user, course):
    course.instructors.add(user)
    course.save()
    course_instructors_sync(course=course)


def bulk_publish(client, page):
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])
    return client.post(f"{url}?id={page.pk}", {"include_descendants": ""})


def test_instructor_edits_their_course_but_cannot_publish(client):
    instructor = UserFactory(groups=[roles.INSTRUCTORS])
    course = CoursePageFactory(title="直播带货入门")
    teach(instructor, course)
    course.title = "直播带货入门（修订）"
    course.save_revision(user=instructor)
    client.force_login(instructor)

    assert client.get("/admin/").status_code == 200
    assert client.get(reverse("wagtailadmin_pages:edit", args=[course.pk])).status_code == 200
    bulk_publish(client, course)

    course.refresh_from_db()
    assert course.title == "直播带货入门"
    assert course.has_unpublished_changes
    assert not course.permissions_for_user(instructor).can_publish()


def test_programme_manager_can_publish(client):
    manager = UserFactory(groups=[roles.PROGRAMME_MANAGERS])
    course = CoursePageFactory(title="直播带货入门")
    course.title = "直播带货入门（修订）"
    course.save_revision()
    client.force_login(manager)

    assert client.get("/admin/").status_code == 200
    response = bulk_publish(client, course)

    assert response.status_code == 302
    course.refresh_from_db()
    assert course.title == "直播带货入门（修订）"
    assert not course.has_unpublished_changes
