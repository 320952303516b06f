from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("pembinaan", "0010_session_flags_and_predicates_data")]

    operations = [
        migrations.AddConstraint(
            model_name='participantresult',
            constraint=models.CheckConstraint(condition=models.Q(('score__isnull', True), models.Q(('predicate', 'A'), ('score__gte', 86), ('score__lte', 100)), models.Q(('predicate', 'B'), ('score__gte', 71), ('score__lte', 85)), models.Q(('predicate', 'C'), ('score__gte', 56), ('score__lte', 70)), models.Q(('predicate', 'D'), ('score__gte', 0), ('score__lte', 55)), _connector='OR'), name='participantresult_score_matches_predicate'),
        ),
    ]
