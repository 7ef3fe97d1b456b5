"""Names of the role groups that trainees/migrations/0003_roles.py creates."""

TRAINEES = "Trainees"
INSTRUCTORS = "Instructors"
COUNTY_COORDINATORS = "County coordinators"
PROGRAMME_MANAGERS = "Programme managers"
