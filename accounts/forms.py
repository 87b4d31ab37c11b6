from django import forms
from django.utils.translation import gettext_lazy as _

from .models import User


class ProfilForm(forms.ModelForm):
    """What a person may change about themselves (email and password via allauth with re-authentication)."""

    class Meta:
        model = User
        fields = ["first_name", "last_name", "funktion", "telefon", "im_verzeichnis"]
        labels = {"first_name": _("Vorname"), "last_name": _("Nachname")}
