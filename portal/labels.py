"""Choice labels for lists: the label of one value, without Django's per-call cost."""


def choice_label(choices, value):
    """Return the label of `value` in a TextChoices class in the active language, else the value itself.

    Same answer as `get_<field>_display()`, which builds and hashes (and so translates) every label of
    the field on each call; a list of 40 rows with a few such columns spent most of its time there.
    """
    try:
        return str(choices(value).label)
    except ValueError:
        return value
