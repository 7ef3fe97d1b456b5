"""The constraints of models added beside the h18 ones say their rule on their field
(only the project's state changes: no SQL)."""

from django.db import migrations

import machinery.constraints


class Migration(migrations.Migration):
    dependencies = [
        ("incubator", "0011_h18_constraint_messages"),
    ]

    operations = [
        migrations.AlterConstraint(
            model_name="applicationproduct",
            name="product_named_once_an_application",
            constraint=machinery.constraints.FieldUniqueConstraint(
                field="name",
                fields=("application", "name"),
                name="product_named_once_an_application",
                violation_error_message="This product is already named in the application.",
            ),
        ),
    ]
