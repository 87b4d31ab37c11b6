"""The base of every list page's filter form: a value it does not understand never breaks the page.

A filter link from an old bookmark, another form's vocabulary (`?fachgebiet=2` where slugs are
expected) or a choice that no longer exists is not applied: the list is shown without that filter and
the form says so in German (`notices`), instead of an error page or a wrongly filtered list.
"""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.translation import gettext_lazy as _

UNKNOWN_VALUE_CODES = frozenset({"invalid_choice", "invalid_pk_value", "invalid_list"})
FIELD_NOTICE = _("Der Filter „%(filter)s“ wurde nicht angewendet: %(reason)s")
FORM_NOTICE = _("Die Filter wurden nicht angewendet: %(reason)s")
UNKNOWN_VALUE = _("unbekannter Wert.")


class FilterForm(forms.Form):
    """A GET filter form whose invalid fields are dropped, each with a notice; it is always valid.

    Views read `cleaned_data` after `is_valid()` as usual; templates show `notices`
    (portal/includes/filter_notices.html).
    """

    @property
    def notices(self) -> list[str]:
        """Return one German notice per filter that was not applied (cleans the form if needed)."""
        self.errors  # noqa: B018 - cleans the form once
        return self._notices

    def full_clean(self):
        super().full_clean()
        self._notices = []
        if not self.is_bound:
            return
        for name, errors in list(self.errors.as_data().items()):
            if name == NON_FIELD_ERRORS:
                # A rule across fields failed: none of the filters is trustworthy on its own.
                self._notices.extend(
                    FORM_NOTICE % {"reason": message} for error in errors for message in error
                )
                self.cleaned_data = {}
            else:
                reason = self.reason_for(errors)
                self._notices.append(
                    FIELD_NOTICE % {"filter": self.fields[name].label or name, "reason": reason}
                )
                self.cleaned_data.pop(name, None)
            del self.errors[name]

    @staticmethod
    def reason_for(errors) -> str:
        if any(error.code in UNKNOWN_VALUE_CODES for error in errors):
            return str(UNKNOWN_VALUE)
        return " ".join(message for error in errors for message in error)
