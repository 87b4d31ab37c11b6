"""Tell PostgreSQL's planner what pg_trgm's word similarity costs.

The directory search (`behoerden.search._people_postgres`) asks `suchname %> word` beside
`suchtext LIKE '%word%'`. pg_trgm declares its operator functions with cost 1, as cheap as comparing two
integers, so the planner reads every listed person and computes the trigrams of each name (about 1 ms for
1,000 people) rather than asking the two trigram indexes of migration 0004 (about 0.05 ms). Computing and
comparing trigram sets costs far more than one operator: PostgreSQL's documented default for a function
of unknown cost (`CREATE FUNCTION ... COST`) is 100, which lets the planner choose the indexes.

Changing an extension's function needs its owner; a database user that does not own pg_trgm keeps the
declared cost (a warning in the log; the search finds the same people, only more slowly).
"""

from django.db import migrations

FUNCTIONS = ("word_similarity_op(text, text)", "word_similarity_commutator_op(text, text)")


def set_cost(cost: int):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        statements = " ".join(f"ALTER FUNCTION {function} COST {cost};" for function in FUNCTIONS)
        schema_editor.execute(
            f"DO $$ BEGIN {statements} EXCEPTION WHEN insufficient_privilege THEN "
            "RAISE WARNING 'pg_trgm: word similarity cost unchanged (not the owner of the extension)'; END $$"
        )

    return run


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_search_columns")]

    operations = [migrations.RunPython(set_cost(100), set_cost(1))]
