"""The load test's simulated people, for locust (run by `manage.py load_test`).

Trainees read lessons, mark them done and look at their course and learning page, with a
few seconds between clicks; coordinators and managers open the admin, the trainee and
sales report listings and the outcomes dashboard of their area. Each simulated person is
one real account of the plan that `load_test` prepared (EAGLE_LOAD_PLAN, a JSON file),
logged in by its session cookie.
"""

import itertools
import json
import os

from locust import HttpUser, between, task

PLAN = json.loads(open(os.environ["EAGLE_LOAD_PLAN"], encoding="utf-8").read())  # noqa: SIM115
_trainees = itertools.cycle(PLAN["trainees"])
_staff = itertools.cycle(PLAN["staff"])


def answer(response) -> str:
    """What came back instead of the page: a status and where it sent the person, or (no
    answer at all) what went wrong on the connection."""
    if not response.status_code:
        return f"no answer: {response.error!r}"
    return f"answered {response.status_code} {response.headers.get('Location', '')}".strip()


def get(client, url: str, name: str, **params):
    """A page that must answer itself: a redirect (to the login page, say) is a failure."""
    with client.get(
        url, params=params, name=name, allow_redirects=False, catch_response=True
    ) as response:
        if response.status_code != 200:
            response.failure(answer(response))


class Trainee(HttpUser):
    weight = PLAN["trainee_weight"]
    wait_time = between(1, 5)

    def on_start(self):
        self.me = next(_trainees)
        self.client.cookies.set("sessionid", self.me["session"])
        self.lesson = 0
        get(self.client, "/learn/", "learning home")

    def _lesson(self) -> dict:
        return self.me["lessons"][self.lesson % len(self.me["lessons"])]

    @task(6)
    def read_lesson(self):
        get(self.client, self._lesson()["url"], "lesson page")

    @task(3)
    def mark_done(self):
        lesson = self._lesson()
        token = self.client.cookies.get("csrftoken")
        if token is None:  # the lesson page sets it
            get(self.client, lesson["url"], "lesson page")
            token = self.client.cookies.get("csrftoken", "")
        with self.client.post(
            lesson["done"],
            headers={"X-CSRFToken": token},
            allow_redirects=False,
            name="lesson done",
            catch_response=True,
        ) as response:
            # Done, the trainee is sent back to the lesson's progress panel (never to the
            # login page).
            landing = response.headers.get("Location", "").split("#")[0]
            if response.status_code == 302 and landing.endswith(lesson["url"]):
                response.success()
                self.lesson += 1
            else:
                response.failure(answer(response))

    @task(1)
    def course_page(self):
        get(self.client, self.me["course"], "course page")

    @task(1)
    def learning_home(self):
        get(self.client, "/learn/", "learning home")


class Staff(HttpUser):
    weight = PLAN["staff_weight"]
    wait_time = between(2, 8)

    def on_start(self):
        self.me = next(_staff)
        self.client.cookies.set("sessionid", self.me["session"])

    @task(3)
    def dashboard(self):
        get(
            self.client, "/admin/outcomes/", "outcomes dashboard",
            area=self.me["area"], period=PLAN["year"],
        )  # fmt: skip

    @task(2)
    def trainees(self):
        get(self.client, "/admin/trainee/", "admin trainee listing")

    @task(2)
    def sales_reports(self):
        get(self.client, "/admin/salesreport/", "admin sales reports")

    @task(1)
    def admin_home(self):
        get(self.client, "/admin/", "admin home")
