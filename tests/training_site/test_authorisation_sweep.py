"""Who may reach what: every URL of the URL conf, requested by every role, against a table.

The tables below say, for each URL name (or the route of an unnamed pattern) and each role,
what the person gets (tests/training_site/sweep.py says what each outcome means). A URL
with no row fails the sweep, so that no view is added without deciding who may see it.
Wagtail's and allauth's own views are grouped by name (rows with *): the sweep requests a
few pages of each group, listed in GROUP_PAGES.

Path parameters name the records of tests/training_site/authorisation_world.py: the
trainee's own enrolment, certificate, shop, ... in county A; the imports and the certificate
batch are the coordinator's. The views that change data are posted to as well (POSTS).
"""

import datetime

import pytest

from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages as file_storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from incubator.choices import Channel, JobKind, MilestoneKind
from incubator.factories import png_bytes
from outcomes import published
from outcomes.params import scope_within
from outcomes.views import live_figures
from tests.training_site.authorisation_world import ROLES, build, start_jobs
from tests.training_site.sweep import (
    is_group,
    outcome,
    parse_table,
    row_for,
    send,
    url_patterns,
)
from trainees import certificate_pdf
from trainees.choices import FollowUpWork, IncomeBand
from trainees.factories import valid_id_number
from trainees.follow_ups import follow_up_token

HEADER = "key " + " ".join(ROLES)

# fmt: off
GET = parse_table(HEADER + """
health                                   ok     ok     ok     ok     ok     ok     ok     ok
set_language                             ok     ok     ok     ok     ok     ok     ok     ok
search                                   ok     ok     ok     ok     ok     ok     ok     ok
certificate_verify                       ok     ok     ok     ok     ok     ok     ok     ok
# What the certificate check keeps for checking without a connection: public, for anyone.
certificate_check_offline                ok     ok     ok     ok     ok     ok     ok     ok
certificate_service_worker               ok     ok     ok     ok     ok     ok     ok     ok
certificate_keys                         ok     ok     ok     ok     ok     ok     ok     ok
certificate_revocations                  ok     ok     ok     ok     ok     ok     ok     ok
trainee_login                            ok     ok     ok     ok     ok     ok     ok     ok
trainee_login_code                       ok     ok     ok     ok     ok     ok     ok     ok
language_choose                          405    405    405    405    405    405    405    405
# Someone already in the admin is sent on to its dashboard, which the sweep reads as 403.
admin_login                              ok     ok     ok     403    403    403    403    403
# A coordinator's county is what they may see: a manager gives it, the welcome page does not.
trainee_welcome                          login  ok     ok     ok     403    403    ok     ok
learning_home                            login  ok     ok     ok     ok     ok     ok     ok
learning_about_you                       login  ok     ok     ok     ok     ok     ok     ok
learning_enrol                           405    405    405    405    405    405    405    405
learning_lesson_done                     405    405    405    405    405    405    405    405
# Learning offline: the worker, the manifest and the page shown offline are anyone's; a
# course's listing for saving it is its enrolled trainee's alone (JSON: 403, no log-in page).
service_worker                           ok     ok     ok     ok     ok     ok     ok     ok
web_manifest                             ok     ok     ok     ok     ok     ok     ok     ok
offline_page                             ok     ok     ok     ok     ok     ok     ok     ok
offline_progress                         405    405    405    405    405    405    405    405
offline_course                           403    ok     403    403    403    403    403    403
certificate_pdf                          login  ok     404    404    ok     404    ok     ok
attendance_session                       login  403    403    403    ok     403    ok     ok
attendance_check_in                      login  ok     403    403    403    403    403    403
my_shops                                 login  ok     ok     ok     ok     ok     ok     ok
incubation_apply                         login  ok     ok     ok     ok     ok     ok     ok
incubation_answer                        login  ok     404    404    404    404    404    404
my_shop                                  login  ok     404    404    404    404    404    404
my_shop_report                           405    405    405    405    405    405    405    405
my_shop_job_add                          405    405    405    405    405    405    405    405
my_shop_job_end                          405    405    405    405    405    405    405    405
my_shop_milestone_add                    405    405    405    405    405    405    405    405
# Who sees the milestone: its shop's owner, the county's coordinator, managers.
milestone_evidence                       login  ok     404    404    ok     404    ok     ok
# The trainee's follow-up form is reached by the signed link of their text message, without
# logging in: the link is the key, whoever holds it (the answer is the trainee's, once).
follow_up_form                           ok     ok     ok     ok     ok     ok     ok     ok
follow_up_no_more_reminders              405    405    405    405    405    405    405    405
outcomes_api                             401    401    401    401    401    401    401    401
outcomes_api_published                   401    401    401    401    401    401    401    401
outcomes_api_published_one               401    401    401    401    401    401    401    401

roster_import:upload                     login  login  login  403    ok     ok     ok     ok
roster_import:template                   login  login  login  403    ok     ok     ok     ok
roster_import:detail                     login  login  login  403    ok     404    404    404
roster_import:apply                      login  login  login  403    405    405    405    405
outcomes_dashboard                       login  login  login  403    ok     ok     ok     ok
# Publishing is confirmed on a page of its own: only managers reach it.
outcomes_publish                         login  login  login  403    403    403    ok     ok
outcomes_report                          login  login  login  403    ok     ok     ok     ok
outcomes_snapshots                       login  login  login  403    ok     ok     ok     ok
outcomes_snapshots_csv                   login  login  login  403    ok     ok     ok     ok
outcomes_snapshot                        login  login  login  403    ok     404    ok     ok
# The county's coordinator sees the county's figures, but only managers correct or withdraw.
outcomes_snapshot_correct                login  login  login  403    403    404    ok     ok
outcomes_snapshot_withdraw               login  login  login  403    403    404    ok     ok
apitoken:index                           login  login  login  403    403    403    ok     ok
apitoken:index_results                   login  login  login  403    403    403    ok     ok
apitoken:add                             login  login  login  403    403    403    ok     ok
apitoken:revoke                          login  login  login  403    403    403    ok     ok
admin/reports/site-history/              login  login  login  ok     403    403    ok     ok
admin/reports/site-history/results/      login  login  login  ok     403    403    ok     ok

trainee:index                            login  login  login  403    ok     ok     ok     ok
trainee:index_results                    login  login  login  403    ok     ok     ok     ok
trainee:add                              login  login  login  403    ok     ok     ok     ok
trainee:edit                             login  login  login  403    ok     404    ok     ok
trainee:delete                           login  login  login  404    403    404    ok     ok
trainee:history                          login  login  login  404    ok     404    ok     ok
trainee:history_results                  login  login  login  404    ok     404    ok     ok
trainee:usage                            login  login  login  404    ok     404    ok     ok
trainee:inspect                          login  login  login  404    ok     404    ok     ok

household:index                          login  login  login  403    ok     ok     ok     ok
household:index_results                  login  login  login  403    ok     ok     ok     ok
household:add                            login  login  login  403    ok     ok     ok     ok
household:edit                           login  login  login  403    ok     404    ok     ok
household:delete                         login  login  login  404    403    404    ok     ok
household:history                        login  login  login  404    ok     404    ok     ok
household:history_results                login  login  login  404    ok     404    ok     ok
household:usage                          login  login  login  404    ok     404    ok     ok
household:inspect                        login  login  login  404    ok     404    ok     ok

householdstatuschange:index              login  login  login  403    ok     ok     ok     ok
householdstatuschange:index_results      login  login  login  403    ok     ok     ok     ok
householdstatuschange:add                login  login  login  403    ok     ok     ok     ok
householdstatuschange:edit               login  login  login  403    ok     404    ok     ok
householdstatuschange:delete             login  login  login  404    403    404    ok     ok
householdstatuschange:history            login  login  login  404    ok     404    ok     ok
householdstatuschange:history_results    login  login  login  404    ok     404    ok     ok
householdstatuschange:usage              login  login  login  404    ok     404    ok     ok
householdstatuschange:inspect            login  login  login  404    ok     404    ok     ok

cohort:index                             login  login  login  403    ok     ok     ok     ok
cohort:index_results                     login  login  login  403    ok     ok     ok     ok
cohort:add                               login  login  login  403    ok     ok     ok     ok
cohort:edit                              login  login  login  403    ok     404    ok     ok
cohort:delete                            login  login  login  404    403    404    ok     ok
cohort:history                           login  login  login  404    ok     404    ok     ok
cohort:history_results                   login  login  login  404    ok     404    ok     ok
cohort:usage                             login  login  login  404    ok     404    ok     ok
cohort:inspect                           login  login  login  404    ok     404    ok     ok

cohortsession:index                      login  login  login  403    ok     ok     ok     ok
cohortsession:index_results              login  login  login  403    ok     ok     ok     ok
cohortsession:add                        login  login  login  403    ok     ok     ok     ok
cohortsession:edit                       login  login  login  403    ok     404    ok     ok
cohortsession:delete                     login  login  login  404    403    404    ok     ok
cohortsession:history                    login  login  login  404    ok     404    ok     ok
cohortsession:history_results            login  login  login  404    ok     404    ok     ok
cohortsession:usage                      login  login  login  404    ok     404    ok     ok
cohortsession:inspect                    login  login  login  404    ok     404    ok     ok

attendance:index                         login  login  login  403    ok     ok     ok     ok
attendance:index_results                 login  login  login  403    ok     ok     ok     ok
attendance:add                           login  login  login  403    ok     ok     ok     ok
attendance:edit                          login  login  login  403    ok     404    ok     ok
attendance:delete                        login  login  login  404    403    404    ok     ok
attendance:history                       login  login  login  404    ok     404    ok     ok
attendance:history_results               login  login  login  404    ok     404    ok     ok
attendance:usage                         login  login  login  404    ok     404    ok     ok
attendance:inspect                       login  login  login  404    ok     404    ok     ok

enrolment:index                          login  login  login  ok     ok     ok     ok     ok
enrolment:index_results                  login  login  login  ok     ok     ok     ok     ok
enrolment:add                            login  login  login  403    ok     ok     ok     ok
enrolment:edit                           login  login  login  403    ok     404    ok     ok
enrolment:delete                         login  login  login  403    403    404    ok     ok
enrolment:history                        login  login  login  403    ok     404    ok     ok
enrolment:history_results                login  login  login  403    ok     404    ok     ok
enrolment:usage                          login  login  login  403    ok     404    ok     ok
enrolment:inspect                        login  login  login  ok     ok     404    ok     ok

quizattempt:index                        login  login  login  ok     403    403    ok     ok
quizattempt:index_results                login  login  login  ok     403    403    ok     ok
quizattempt:add                          login  login  login  403    403    403    403    403
quizattempt:edit                         login  login  login  403    403    403    403    403
quizattempt:delete                       login  login  login  403    403    404    403    403
quizattempt:history                      login  login  login  403    403    404    403    403
quizattempt:history_results              login  login  login  403    403    404    403    403
quizattempt:usage                        login  login  login  403    403    404    403    403
quizattempt:inspect                      login  login  login  ok     403    404    ok     ok

certificate:index                        login  login  login  403    ok     ok     ok     ok
certificate:index_results                login  login  login  403    ok     ok     ok     ok
certificate:add                          login  login  login  403    403    403    403    403
certificate:edit                         login  login  login  403    403    403    403    403
certificate:delete                       login  login  login  404    403    404    403    403
certificate:history                      login  login  login  404    403    404    403    403
certificate:history_results              login  login  login  404    403    404    403    403
certificate:usage                        login  login  login  404    403    404    403    403
certificate:inspect                      login  login  login  404    ok     404    ok     ok
certificate:revoke                       login  login  login  403    403    403    ok     ok
certificate:batch_start                  login  login  login  403    ok     ok     ok     ok
# The call list: the follow-ups of the county's trainees, read and answered through the
# record_call action (its coordinator, managers), never added, edited or deleted by hand.
followup:index                           login  login  login  403    ok     ok     ok     ok
followup:index_results                   login  login  login  403    ok     ok     ok     ok
followup:add                             login  login  login  403    403    403    403    403
followup:edit                            login  login  login  403    403    403    403    403
followup:delete                          login  login  login  404    403    404    403    403
followup:history                         login  login  login  404    403    404    403    403
followup:history_results                 login  login  login  404    403    404    403    403
followup:usage                           login  login  login  404    403    404    403    403
followup:inspect                         login  login  login  404    ok     404    ok     ok
followup:record_call                     login  login  login  404    ok     404    ok     ok
certificate:batch                        login  login  login  403    ok     404    404    404
certificate:batch_zip                    login  login  login  403    ok     404    404    404
# The text messages sent: managers read them; nobody edits them; to anyone else a message
# is not there.
smsdelivery:index                        login  login  login  403    403    403    ok     ok
smsdelivery:index_results                login  login  login  403    403    403    ok     ok
smsdelivery:add                          login  login  login  403    403    403    403    403
smsdelivery:edit                         login  login  login  403    403    403    403    403
smsdelivery:delete                       login  login  login  404    404    404    403    403
smsdelivery:history                      login  login  login  404    404    404    403    403
smsdelivery:history_results              login  login  login  404    404    404    403    403
smsdelivery:usage                        login  login  login  404    404    404    403    403
smsdelivery:inspect                      login  login  login  404    404    404    ok     ok

# Counties: managers correct their Tibetan and English names; nobody adds, copies or deletes
# one (the 18 are fixed by their codes).
county:index                             login  login  login  403    403    403    ok     ok
county:index_results                     login  login  login  403    403    403    ok     ok
county:add                               login  login  login  403    403    403    403    403
county:copy                              login  login  login  403    403    403    403    403
county:edit                              login  login  login  403    403    403    ok     ok
county:delete                            login  login  login  403    403    403    403    403
county:history                           login  login  login  403    403    403    ok     ok
county:history_results                   login  login  login  403    403    403    ok     ok
county:usage                             login  login  login  403    403    403    ok     ok

township:index                           login  login  login  403    ok     ok     ok     ok
township:index_results                   login  login  login  403    ok     ok     ok     ok
township:add                             login  login  login  403    ok     ok     ok     ok
township:edit                            login  login  login  403    ok     404    ok     ok
township:delete                          login  login  login  404    ok     404    ok     ok
township:history                         login  login  login  404    ok     404    ok     ok
township:history_results                 login  login  login  404    ok     404    ok     ok
township:usage                           login  login  login  404    ok     404    ok     ok
township:inspect                         login  login  login  404    ok     404    ok     ok

village:index                            login  login  login  403    ok     ok     ok     ok
village:index_results                    login  login  login  403    ok     ok     ok     ok
village:add                              login  login  login  403    ok     ok     ok     ok
village:edit                             login  login  login  403    ok     404    ok     ok
village:delete                           login  login  login  404    ok     404    ok     ok
village:history                          login  login  login  404    ok     404    ok     ok
village:history_results                  login  login  login  404    ok     404    ok     ok
village:usage                            login  login  login  404    ok     404    ok     ok
village:inspect                          login  login  login  404    ok     404    ok     ok

area_import:upload                       login  login  login  403    ok     ok     ok     ok
area_import:detail                       login  login  login  403    ok     404    404    404
area_import:apply                        login  login  login  403    405    405    405    405

application:index                        login  login  login  403    ok     ok     ok     ok
application:index_results                login  login  login  403    ok     ok     ok     ok
application:add                          login  login  login  403    403    403    403    403
application:edit                         login  login  login  403    403    403    403    403
application:delete                       login  login  login  404    403    404    403    403
application:history                      login  login  login  404    ok     404    ok     ok
application:history_results              login  login  login  404    ok     404    ok     ok
application:usage                        login  login  login  404    403    404    403    403
application:inspect                      login  login  login  404    ok     404    ok     ok
application:accept                       login  login  login  404    ok     404    ok     ok
application:ask                          login  login  login  404    ok     404    ok     ok
application:decline                      login  login  login  404    ok     404    ok     ok

shop:index                               login  login  login  403    ok     ok     ok     ok
shop:index_results                       login  login  login  403    ok     ok     ok     ok
shop:add                                 login  login  login  403    ok     ok     ok     ok
shop:edit                                login  login  login  403    ok     404    ok     ok
shop:delete                              login  login  login  404    403    404    ok     ok
shop:history                             login  login  login  404    ok     404    ok     ok
shop:history_results                     login  login  login  404    ok     404    ok     ok
shop:usage                               login  login  login  404    ok     404    ok     ok
shop:inspect                             login  login  login  404    ok     404    ok     ok
shop:stage                               login  login  login  404    ok     404    ok     ok

shopchannel:index                        login  login  login  403    ok     ok     ok     ok
shopchannel:index_results                login  login  login  403    ok     ok     ok     ok
shopchannel:add                          login  login  login  403    ok     ok     ok     ok
shopchannel:edit                         login  login  login  403    ok     404    ok     ok
shopchannel:delete                       login  login  login  404    403    404    ok     ok
shopchannel:history                      login  login  login  404    ok     404    ok     ok
shopchannel:history_results              login  login  login  404    ok     404    ok     ok
shopchannel:usage                        login  login  login  404    ok     404    ok     ok
shopchannel:inspect                      login  login  login  404    ok     404    ok     ok

product:index                            login  login  login  403    ok     ok     ok     ok
product:index_results                    login  login  login  403    ok     ok     ok     ok
product:add                              login  login  login  403    ok     ok     ok     ok
product:edit                             login  login  login  403    ok     404    ok     ok
product:delete                           login  login  login  404    403    404    ok     ok
product:history                          login  login  login  404    ok     404    ok     ok
product:history_results                  login  login  login  404    ok     404    ok     ok
product:usage                            login  login  login  404    ok     404    ok     ok
product:inspect                          login  login  login  404    ok     404    ok     ok

enterprise:index                         login  login  login  403    ok     ok     ok     ok
enterprise:index_results                 login  login  login  403    ok     ok     ok     ok
enterprise:add                           login  login  login  403    ok     ok     ok     ok
enterprise:edit                          login  login  login  403    ok     404    ok     ok
enterprise:delete                        login  login  login  404    403    404    ok     ok
enterprise:history                       login  login  login  404    ok     404    ok     ok
enterprise:history_results               login  login  login  404    ok     404    ok     ok
enterprise:usage                         login  login  login  404    ok     404    ok     ok
enterprise:inspect                       login  login  login  404    ok     404    ok     ok

purchase:index                           login  login  login  403    ok     ok     ok     ok
purchase:index_results                   login  login  login  403    ok     ok     ok     ok
purchase:add                             login  login  login  403    ok     ok     ok     ok
purchase:edit                            login  login  login  403    ok     404    ok     ok
purchase:delete                          login  login  login  404    403    404    ok     ok
purchase:history                         login  login  login  404    ok     404    ok     ok
purchase:history_results                 login  login  login  404    ok     404    ok     ok
purchase:usage                           login  login  login  404    ok     404    ok     ok
purchase:inspect                         login  login  login  404    ok     404    ok     ok

traineebusiness:index                    login  login  login  403    ok     ok     ok     ok
traineebusiness:index_results            login  login  login  403    ok     ok     ok     ok
traineebusiness:add                      login  login  login  403    ok     ok     ok     ok
traineebusiness:edit                     login  login  login  403    ok     404    ok     ok
traineebusiness:delete                   login  login  login  404    403    404    ok     ok
traineebusiness:history                  login  login  login  404    ok     404    ok     ok
traineebusiness:history_results          login  login  login  404    ok     404    ok     ok
traineebusiness:usage                    login  login  login  404    ok     404    ok     ok
traineebusiness:inspect                  login  login  login  404    ok     404    ok     ok

shareholding:index                       login  login  login  403    ok     ok     ok     ok
shareholding:index_results               login  login  login  403    ok     ok     ok     ok
shareholding:add                         login  login  login  403    ok     ok     ok     ok
shareholding:edit                        login  login  login  403    ok     404    ok     ok
shareholding:delete                      login  login  login  404    403    404    ok     ok
shareholding:history                     login  login  login  404    ok     404    ok     ok
shareholding:history_results             login  login  login  404    ok     404    ok     ok
shareholding:usage                       login  login  login  404    ok     404    ok     ok
shareholding:inspect                     login  login  login  404    ok     404    ok     ok

dividend:index                           login  login  login  403    ok     ok     ok     ok
dividend:index_results                   login  login  login  403    ok     ok     ok     ok
dividend:add                             login  login  login  403    ok     ok     ok     ok
dividend:edit                            login  login  login  403    ok     404    ok     ok
dividend:delete                          login  login  login  404    403    404    ok     ok
dividend:history                         login  login  login  404    ok     404    ok     ok
dividend:history_results                 login  login  login  404    ok     404    ok     ok
dividend:usage                           login  login  login  404    ok     404    ok     ok
dividend:inspect                         login  login  login  404    ok     404    ok     ok

milestone:index                          login  login  login  403    ok     ok     ok     ok
milestone:index_results                  login  login  login  403    ok     ok     ok     ok
milestone:add                            login  login  login  403    403    403    403    403
milestone:edit                           login  login  login  403    403    403    403    403
milestone:delete                         login  login  login  404    403    404    403    403
milestone:history                        login  login  login  404    ok     404    ok     ok
milestone:history_results                login  login  login  404    ok     404    ok     ok
milestone:usage                          login  login  login  404    403    404    403    403
milestone:inspect                        login  login  login  404    ok     404    ok     ok

salesreport:index                        login  login  login  403    ok     ok     ok     ok
salesreport:index_results                login  login  login  403    ok     ok     ok     ok
salesreport:add                          login  login  login  403    403    403    403    403
salesreport:edit                         login  login  login  403    403    403    403    403
salesreport:delete                       login  login  login  404    403    404    403    403
salesreport:history                      login  login  login  404    ok     404    ok     ok
salesreport:history_results              login  login  login  404    ok     404    ok     ok
salesreport:usage                        login  login  login  404    403    404    403    403
salesreport:inspect                      login  login  login  404    ok     404    ok     ok
salesreport:decide                       login  login  login  404    ok     404    ok     ok

job:index                                login  login  login  403    ok     ok     ok     ok
job:index_results                        login  login  login  403    ok     ok     ok     ok
job:add                                  login  login  login  403    403    403    403    403
job:edit                                 login  login  login  403    403    403    403    403
job:delete                               login  login  login  404    403    404    403    403
job:history                              login  login  login  404    ok     404    ok     ok
job:history_results                      login  login  login  404    ok     404    ok     ok
job:usage                                login  login  login  404    403    404    403    403
job:inspect                              login  login  login  404    ok     404    ok     ok
job:hire                                 login  login  login  403    ok     ok     ok     ok
job:end                                  login  login  login  404    ok     404    ok     ok

monthlock:index                          login  login  login  403    ok     ok     ok     ok
monthlock:index_results                  login  login  login  403    ok     ok     ok     ok
monthlock:add                            login  login  login  403    403    403    403    403
monthlock:edit                           login  login  login  403    403    403    403    403
monthlock:delete                         login  login  login  404    403    403    403    403
monthlock:history                        login  login  login  404    ok     ok     ok     ok
monthlock:history_results                login  login  login  404    ok     ok     ok     ok
monthlock:usage                          login  login  login  404    403    403    403    403
monthlock:inspect                        login  login  login  404    ok     ok     ok     ok
monthlock:lock                           login  login  login  403    403    403    ok     ok
monthlock:unlock                         login  login  login  404    403    403    ok     ok

sales_import:upload                      login  login  login  403    ok     ok     ok     ok
sales_import:detail                      login  login  login  403    ok     404    404    404
sales_import:apply                       login  login  login  403    405    405    405    405

targets:index                            login  login  login  403    403    403    ok     ok
targets:index_results                    login  login  login  403    403    403    ok     ok
targets:add                              login  login  login  403    403    403    ok     ok
targets:edit                             login  login  login  403    403    403    ok     ok
targets:delete                           login  login  login  403    403    403    ok     ok
targets:history                          login  login  login  403    403    403    ok     ok
targets:history_results                  login  login  login  403    403    403    ok     ok
targets:usage                            login  login  login  403    403    403    ok     ok
targets:copy                             login  login  login  403    403    403    ok     ok

wagtail_serve                            ok     ok     ok     ok     ok     ok     ok     ok
wagtailadmin_home                        login  login  login  ok     ok     ok     ok     ok
wagtailadmin_explore_root                login  login  login  ok     403    403    ok     ok
wagtailadmin_pages:edit                  login  login  login  ok     403    403    ok     ok
admin/^.*/$                              login  login  login  404    404    404    404    404
admin/test404/                           login  login  login  ok     ok     ok     ok     ok
account_*                                ok     ok     ok     ok     ok     ok     ok     ok
wagtail_bulk_action                      login  login  login  ok     ok     ok     ok     ok
wagtailcore_*                            ok     ok     ok     ok     ok     ok     ok     ok
wagtaildocs_*                            404    404    404    404    404    404    404    404
wagtailadmin_*                           login  login  login  ok     ok     ok     ok     ok
wagtailadmin_pages:*                     login  login  login  403    403    403    ok     ok
wagtailadmin_workflows:*                 login  login  login  403    403    403    403    ok
wagtailadmin_reports:*                   login  login  login  403    403    403    ok     ok
wagtailadmin_api:*                       login  login  login  ok     ok     ok     ok     ok
wagtailadmin_collections:*               login  login  login  403    403    403    403    ok
wagtailadmin_editing_sessions:*          login  login  login  405    405    405    405    405
wagtailimages:*                          login  login  login  ok     403    403    ok     ok
wagtailimages_chooser:*                  login  login  login  ok     ok     ok     ok     ok
wagtaildocs:*                            login  login  login  ok     403    403    ok     ok
wagtaildocs_chooser:*                    login  login  login  ok     ok     ok     ok     ok
# The videos' smaller copies: as with Wagtail's documents, instructors and managers see the
# listing; a copy is served as its document is (one that does not exist is there for no one).
videos:*                                 login  login  login  ok     403    403    ok     ok
video_*                                  404    404    404    404    404    404    404    404
wagtailusers_users:*                     login  login  login  403    403    403    403    ok
wagtailusers_groups:*                    login  login  login  403    403    403    403    ok
wagtailsites:*                           login  login  login  403    403    403    403    ok
wagtaillocales:*                         login  login  login  403    403    403    403    ok
wagtailredirects:*                       login  login  login  403    403    403    403    ok
wagtailforms:*                           login  login  login  ok     403    403    ok     ok
wagtailsettings:*                        login  login  login  404    404    404    404    404
wagtailsnippets:*                        login  login  login  403    403    403    403    403
wagtailembeds:*                          login  login  login  ok     ok     ok     ok     ok
simple_translation:*                     login  login  login  403    403    403    403    ok
""", ROLES)

POST = parse_table(HEADER + """
# Without a trainee record of their own, enrolling asks about the person first; marking a
# lesson done needs one's own enrolment. Staff may become trainees through "about you".
trainee_welcome                          login  ok     ok     ok     403    403    ok     ok
# Anyone may switch language; only a logged-in person's choice is stored (on their profile).
language_choose                          kept   ok     ok     ok     ok     ok     ok     ok
learning_about_you                       login  kept   kept   ok     ok     ok     ok     ok
learning_enrol                           login  ok     ok     kept   kept   kept   kept   kept
learning_lesson_done                     login  ok     kept   kept   kept   kept   kept   kept
# Progress sent from a phone is JSON (tests/trainees/test_offline.py); a form is refused: a
# trainee's with 400, anyone else's with 403 (only trainees keep progress).
offline_progress                         403    400    400    403    403    403    403    403
attendance_session                       login  403    403    403    ok     403    ok     ok
attendance_check_in                      login  ok     403    403    403    403    403    403
my_shop_report                           login  ok     404    404    404    404    404    404
# The trainee's application is open already, and no question waits for their answer; the other
# trainee holds no certificate; staff without a trainee record are sent to "My learning".
incubation_apply                         login  400    400    kept   kept   kept   kept   kept
incubation_answer                        login  400    404    404    404    404    404    404
my_shop_job_add                          login  ok     404    404    404    404    404    404
my_shop_job_end                          login  ok     404    404    404    404    404    404
my_shop_milestone_add                    login  ok     404    404    404    404    404    404
# Whoever holds the link answers for the trainee, or stops their reminders.
follow_up_form                           ok     ok     ok     ok     ok     ok     ok     ok
follow_up_no_more_reminders              ok     ok     ok     ok     ok     ok     ok     ok
outcomes_api                             405    405    405    405    405    405    405    405
outcomes_api_published                   405    405    405    405    405    405    405    405
outcomes_api_published_one               405    405    405    405    405    405    405    405
# The imports are the coordinator's: no one else's to apply (still being checked: nothing runs).
roster_import:apply                      login  login  login  403    ok     404    404    404
area_import:apply                        login  login  login  403    ok     404    404    404
sales_import:apply                       login  login  login  403    ok     404    404    404
outcomes_publish                         login  login  login  403    403    403    ok     ok
outcomes_snapshot_correct                login  login  login  403    403    404    ok     ok
outcomes_snapshot_withdraw               login  login  login  403    403    404    ok     ok
apitoken:add                             login  login  login  403    403    403    ok     ok
apitoken:revoke                          login  login  login  403    403    403    ok     ok
certificate:revoke                       login  login  login  403    403    403    ok     ok
certificate:batch_start                  login  login  login  403    ok     ok     ok     ok
followup:record_call                     login  login  login  404    ok     404    ok     ok
application:accept                       login  login  login  404    ok     404    ok     ok
application:ask                          login  login  login  404    ok     404    ok     ok
application:decline                      login  login  login  404    ok     404    ok     ok
shop:stage                               login  login  login  404    ok     404    ok     ok
salesreport:decide                       login  login  login  404    ok     404    ok     ok
# The other county's coordinator is refused county A's shop by the form's choices.
job:hire                                 login  login  login  403    ok     kept   ok     ok
job:end                                  login  login  login  404    ok     404    ok     ok
monthlock:lock                           login  login  login  403    403    403    ok     ok
monthlock:unlock                         login  login  login  404    403    403    ok     ok
trainee:edit                             login  login  login  403    ok     404    ok     ok
trainee:add                              login  login  login  403    ok     kept   ok     ok
shopchannel:add                          login  login  login  403    ok     kept   ok     ok
trainee:delete                           login  login  login  404    403    404    ok     ok
household:delete                         login  login  login  404    403    404    ok     ok
householdstatuschange:delete             login  login  login  404    403    404    ok     ok
cohort:delete                            login  login  login  404    403    404    ok     ok
cohortsession:delete                     login  login  login  404    403    404    ok     ok
attendance:delete                        login  login  login  404    403    404    ok     ok
enrolment:delete                         login  login  login  403    403    404    ok     ok
quizattempt:delete                       login  login  login  403    403    404    403    403
certificate:delete                       login  login  login  404    403    404    403    403
followup:delete                          login  login  login  404    403    404    403    403
smsdelivery:delete                       login  login  login  404    404    404    403    403
# A township or village with households is not deleted: the page says why.
township:delete                          login  login  login  404    kept   404    kept   kept
village:delete                           login  login  login  404    kept   404    kept   kept
application:delete                       login  login  login  404    403    404    403    403
shop:delete                              login  login  login  404    403    404    ok     ok
shopchannel:delete                       login  login  login  404    403    404    ok     ok
product:delete                           login  login  login  404    403    404    ok     ok
milestone:delete                         login  login  login  404    403    404    403    403
salesreport:delete                       login  login  login  404    403    404    403    403
job:delete                               login  login  login  404    403    404    403    403
monthlock:delete                         login  login  login  404    403    403    403    403
targets:delete                           login  login  login  403    403    403    ok     ok
""", ROLES)
# fmt: on

# Where a URL of the table is not found by `arguments` alone.
PAGES = {
    # The course the trainee is enrolled in (course_id names the open course elsewhere).
    "offline_course": lambda world: [reverse("offline_course", args=[world.records["course"].pk])],
    "wagtail_serve": lambda world: [
        "/",
        world.records["course"].url,
        world.records["lesson"].url,
    ],
    "admin/^.*/$": lambda world: ["/admin/no-such-page/"],
    "wagtail_bulk_action": lambda world: [
        reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"])
        + f"?id={world.records['course'].pk}"
    ],
}

# The pages the sweep requests for a group of Wagtail's or allauth's views.
GROUP_PAGES = {
    "account_*": lambda world: [reverse("account_signup"), reverse("account_reset_password")],
    "wagtailcore_*": lambda world: [reverse("wagtailcore_login")],
    "wagtaildocs_*": lambda world: [reverse("wagtaildocs_serve", args=[999999, "missing.txt"])],
    "videos:*": lambda world: [reverse("videos:index")],
    "video_*": lambda world: [reverse("video_rendition", args=[999999, "missing.mp4"])],
    "wagtailadmin_*": lambda world: [reverse("wagtailadmin_account")],
    # A course the instructor does not teach.
    "wagtailadmin_pages:*": lambda world: [
        reverse("wagtailadmin_pages:edit", args=[world.records["open_course"].pk])
    ],
    "wagtailadmin_workflows:*": lambda world: [reverse("wagtailadmin_workflows:index")],
    "wagtailadmin_reports:*": lambda world: [reverse("wagtailadmin_reports:locked_pages")],
    "wagtailadmin_api:*": lambda world: [reverse("wagtailadmin_api:pages:listing")],
    "wagtailadmin_collections:*": lambda world: [reverse("wagtailadmin_collections:index")],
    "wagtailadmin_editing_sessions:*": lambda world: [
        reverse("wagtailadmin_editing_sessions:release", args=[1])
    ],
    "wagtailimages:*": lambda world: [reverse("wagtailimages:index")],
    "wagtailimages_chooser:*": lambda world: [reverse("wagtailimages_chooser:choose")],
    "wagtaildocs:*": lambda world: [reverse("wagtaildocs:index")],
    "wagtaildocs_chooser:*": lambda world: [reverse("wagtaildocs_chooser:choose")],
    "wagtailusers_users:*": lambda world: [reverse("wagtailusers_users:index")],
    "wagtailusers_groups:*": lambda world: [reverse("wagtailusers_groups:index")],
    "wagtailsites:*": lambda world: [reverse("wagtailsites:index")],
    "wagtaillocales:*": lambda world: [reverse("wagtaillocales:index")],
    "wagtailredirects:*": lambda world: [reverse("wagtailredirects:index")],
    "wagtailforms:*": lambda world: [reverse("wagtailforms:index")],
    "wagtailsettings:*": lambda world: [reverse("wagtailsettings:edit", args=["courses", "none"])],
    "wagtailsnippets:*": lambda world: [reverse("wagtailsnippets:index")],
    "wagtailembeds:*": lambda world: [reverse("wagtailembeds:chooser")],
    "simple_translation:*": lambda world: [
        reverse("simple_translation:submit_page_translation", args=[world.records["course"].pk])
    ],
}

FOLLOW_UP_ANSWER = {
    "working": FollowUpWork.EMPLOYED,
    "own_shop": "no",
    "income_band": IncomeBand.UNDER_1000,
}

# What each data-changing view is sent, and whether an allowed POST writes to the database
# (imports and certificate batches live in the cache).
POSTS = {
    "trainee_welcome": (
        lambda world: {"language": "bo", "county": world.records["county"].pk},
        True,
    ),
    "learning_about_you": (
        lambda world: {
            "name": "央宗",
            "gender": "female",
            "birth_year": "1996",
            "county": world.records["county"].pk,
            "id_number": valid_id_number(900),
        },
        True,
    ),
    "language_choose": (lambda world: {"language": "bo", "next": "/bo/"}, True),
    "learning_enrol": (lambda world: {}, True),
    "learning_lesson_done": (lambda world: {}, True),
    "offline_progress": (lambda world: {}, True),
    "attendance_session": (
        lambda world: {"present": [world.records["trainee"].pk]},
        True,
    ),
    "attendance_check_in": (lambda world: {}, True),
    "my_shop_report": (
        lambda world: {
            "channel": Channel.TAOBAO,
            "month": "2025-06",
            f"{Channel.TAOBAO}-sales": "12800.50",
            f"{Channel.TAOBAO}-orders": "215",
            f"{Channel.TAOBAO}-agricultural_share": "90",
            "send": "1",
        },
        True,
    ),
    "my_shop_job_add": (
        lambda world: {
            "job-worker_name": "次仁卓玛",
            "job-kind": JobKind.PART_TIME,
            "job-starts_on": "2025-05-01",
            "job-monthly_wage": "2600",
        },
        True,
    ),
    "my_shop_job_end": (
        lambda world: {f"end-{world.records['job'].pk}-ends_on": "2025-06-30"},
        True,
    ),
    "my_shop_milestone_add": (
        lambda world: {
            "milestone-kind": MilestoneKind.FIRST_LISTING,
            "milestone-achieved_on": "2025-03-05",
            "milestone-evidence": SimpleUploadedFile(
                "shop.png", png_bytes(), content_type="image/png"
            ),
        },
        True,
    ),
    "outcomes_api": (lambda world: {}, False),
    "roster_import:apply": (lambda world: {}, False),
    "area_import:apply": (lambda world: {}, False),
    "sales_import:apply": (lambda world: {}, False),
    "outcomes_api_published": (lambda world: {}, False),
    "outcomes_api_published_one": (lambda world: {}, False),
    # The figures the manager confirmed (this year's, of the whole prefecture: the default).
    "outcomes_publish": (
        lambda world: {
            "note": "报州政府",
            "confirmed": published.digest(live_figures(scope_within({}, None))),
        },
        True,
    ),
    # The snapshot was computed by calculation version 1: computed again, it is corrected.
    "outcomes_snapshot_correct": (
        lambda world: {
            "reason": "按新口径更正",
            "confirmed": published.digest(
                live_figures(published.scope_of(world.records["snapshot"]))
            ),
        },
        True,
    ),
    "outcomes_snapshot_withdraw": (lambda world: {"reason": "重复发布"}, True),
    "apitoken:add": (
        lambda world: {
            "name": "县统计局",
            "county": "",
            "expires_on": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
        },
        True,
    ),
    "apitoken:revoke": (lambda world: {}, True),
    "certificate:revoke": (lambda world: {"reason": "证书信息有误"}, True),
    "certificate:batch_start": (lambda world: {}, False),
    "followup:record_call": (lambda world: FOLLOW_UP_ANSWER | {"verified": "on"}, True),
    "follow_up_form": (lambda world: FOLLOW_UP_ANSWER, True),
    "follow_up_no_more_reminders": (lambda world: {}, True),
    "application:accept": (lambda world: {}, True),
    "application:ask": (lambda world: {"question": "货源在哪里？"}, True),
    "application:decline": (lambda world: {"reason": "计划太简单"}, True),
    "incubation_apply": (
        lambda world: {"shop_name": "青稞小店", "category": "produce", "plan": "卖青稞"},
        True,
    ),
    "incubation_answer": (lambda world: {"answer": "自家合作社"}, True),
    "shop:stage": (
        lambda world: {"stage": "graduated", "on": "2025-06-01", "reason": ""},
        True,
    ),
    "salesreport:decide": (lambda world: {"decision": "approve"}, True),
    "job:hire": (
        lambda world: {
            "shop": world.records["shop"].pk,
            "worker_name": "次仁",
            "kind": JobKind.PART_TIME,
            "starts_on": "2025-05-01",
            "monthly_wage": "2000",
        },
        True,
    ),
    "job:end": (lambda world: {"ends_on": "2025-06-30"}, True),
    "monthlock:lock": (lambda world: {"month": "2024-02"}, True),
    "monthlock:unlock": (lambda world: {"reason": "补录抖音数据"}, True),
    # Into county A: refused to the other county's coordinator by the form's choices.
    "trainee:add": (
        lambda world: {
            "name": "格桑",
            "gender": "male",
            "birth_year": "1995",
            "county": world.records["county"].pk,
            "id_number": valid_id_number(901),
        },
        True,
    ),
    "shopchannel:add": (
        lambda world: {"shop": world.records["shop"].pk, "channel": Channel.DOUYIN},
        True,
    ),
    "trainee:edit": (
        lambda world: {
            "name": "央宗",
            "gender": "female",
            "birth_year": "1990",
            "education": "",
            "phone": "",
            "county": world.records["county"].pk,
            "id_number": world.records["trainee"].id_number,
        },
        True,
    ),
}
DELETED = [key for key in POST if key.endswith(":delete")]
POSTS.update({key: (lambda world: {}, True) for key in DELETED})

# Which record a `pk` names, by URL key or namespace (the namespace's own model otherwise).
RECORD_OF_PK = {
    "outcomes_snapshot": "snapshot",
    "outcomes_snapshot_correct": "snapshot",
    "outcomes_snapshot_withdraw": "snapshot",
    "outcomes_api_published_one": "snapshot",
    "apitoken": "token",
    "targets": "target",
    # Deleting a record that others protect (the trainee's enrolment, ...) fails with a server
    # error (ProtectedError), for whoever may delete: records nothing refers to are deleted.
    "trainee:delete": "another_trainee",
    "household:delete": "spare_household",
    "cohort:delete": "spare_cohort",
    "enrolment:delete": "spare_enrolment",
    "shop:delete": "spare_shop",
    "shareholding:delete": "spare_shareholding",
}
IMPORT_OF = {"roster_import": "roster", "area_import": "areas", "sales_import": "sales"}


def arguments(world, key: str, parameters) -> dict:
    """The path parameters of a URL, naming the records of the world."""
    records, jobs = world.records, world.jobs
    namespace = key.split(":")[0]
    values = {}
    for parameter in parameters:
        if parameter == "pk":
            value = records[RECORD_OF_PK.get(key, RECORD_OF_PK.get(namespace, namespace))].pk
        elif parameter == "import_id":
            value = jobs[IMPORT_OF.get(namespace) or IMPORT_OF[key.rsplit("_", 1)[0]]]
        elif parameter == "code" and key == "attendance_check_in":
            value = records["cohortsession"].check_in_code
        else:
            value = {
                "batch_id": lambda: jobs["certificate_batch"],
                "kind": lambda: "xlsx",
                "code": lambda: records["certificate"].verification_code,
                "session_id": lambda: records["cohortsession"].pk,
                "number": lambda: records["certificate"].number,
                "course_id": lambda: records["open_course"].pk,
                "lesson_id": lambda: records["lesson"].pk,
                "shop_id": lambda: records["shop"].pk,
                "job_id": lambda: records["job"].pk,
                "milestone_id": lambda: records["milestone"].pk,
                "application_id": lambda: records["application"].pk,
                "page_id": lambda: records["course"].pk,
                "token": lambda: follow_up_token(records["followup"]),
            }[parameter]()
        values[parameter] = value
    return values


def pages_of(world, key: str) -> list[str]:
    """The addresses the sweep requests for a row of the table."""
    if key in PAGES:
        return PAGES[key](world)
    if key in GROUP_PAGES:
        return GROUP_PAGES[key](world)
    [pattern] = [pattern for pattern in url_patterns() if pattern.key == key]
    if pattern.key == pattern.route:  # unnamed
        return ["/" + pattern.route]
    return [reverse(key, kwargs=arguments(world, key, pattern.parameters))]


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Built once for the module, in a transaction rolled back at its end; each test (and
    each request, see sweep.send) runs inside it and leaves it as it was."""
    media = tmp_path_factory.mktemp("sweep-media")
    private = {
        "BACKEND": "training_site.storage.CleanFileSystemStorage",
        "OPTIONS": {"location": tmp_path_factory.mktemp("sweep-private")},
    }
    storages = {**django_settings.STORAGES, "private": private}
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media, STORAGES=storages),
        transaction.atomic(),
    ):
        yield build()
        transaction.set_rollback(True)


@pytest.fixture
def logged_in(client, world, monkeypatch):
    """Log in as a role, with the coordinator's background jobs started. Who may download a
    certificate is the question here, not its drawing: the PDF is a stand-in."""
    monkeypatch.setattr(certificate_pdf, "certificate_pdf", lambda **kwargs: b"%PDF-1.7")

    def log_in(role: str):
        start_jobs(world)
        # The milestone's screenshot, in this test's own private storage.
        evidence = world.records["milestone"].evidence.name
        file_storages["private"].save(evidence, ContentFile(png_bytes()))
        if role != "anonymous":
            client.force_login(world.user(role))
        return client

    return log_in


def test_every_url_of_the_url_conf_has_a_row_and_every_row_a_url():
    keys = [pattern.key for pattern in url_patterns()]

    without_row = [key for key in keys if row_for(key, GET) is None]
    rows_used = {row_for(key, GET) for key in keys}

    assert without_row == [], "Decide who may see these URLs, in the table GET"
    assert set(GET) - rows_used == set(), "These rows name no URL any more"
    assert {row for row in GET if is_group(row)} == set(GROUP_PAGES)
    assert set(POST) == set(POSTS)
    assert set(POST) <= set(keys)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_what_each_role_gets_from_every_url(logged_in, world, role):
    client = logged_in(role)
    differences = []
    for key, expected in GET.items():
        for url in pages_of(world, key):
            response, _writes = send(client, "GET", url)
            got = outcome(response)
            if got != expected[role]:
                differences.append(
                    f"{key} {url}: {got} ({response.status_code}), table: {expected[role]}"
                )
    assert not differences, "\n".join(["", *differences])


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_what_each_role_may_change_and_a_refused_post_changes_nothing(logged_in, world, role):
    client = logged_in(role)
    differences = []
    for key, expected in POST.items():
        data, writes_when_allowed = POSTS[key]
        [url] = pages_of(world, key)
        response, writes = send(client, "POST", url, data(world))
        got = outcome(response)
        if expected[role] == "kept" and got == "ok":
            got = "kept" if not writes else "ok"
        elif got == "ok" and writes_when_allowed and not writes:
            got = "kept"
        if got != expected[role]:
            differences.append(f"{key}: {got} ({response.status_code}), table: {expected[role]}")
        elif expected[role] != "ok" and writes:
            differences.append(f"{key}: refused ({got}) but wrote {writes}")
    assert not differences, "\n".join(["", *differences])
