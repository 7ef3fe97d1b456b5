"""The constraints of models added beside the h18 ones say their rule on their field
(only the project's state changes: no SQL)."""

from django.conf import settings
from django.db import migrations, models

import machinery.constraints


class Migration(migrations.Migration):
    dependencies = [
        ("outcomes", "0006_h18_constraint_messages"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterConstraint(
            model_name="snapshotchange",
            name="a_change_has_a_reason",
            constraint=machinery.constraints.FieldCheckConstraint(
                condition=models.Q(("reason", ""), _negated=True),
                field="reason",
                name="a_change_has_a_reason",
                violation_error_message="Reason: say why the published figures are corrected or withdrawn.",
            ),
        ),
    ]
