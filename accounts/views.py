from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from audit.models import Aktion
from audit.services import audit_log

from .forms import ProfilForm


def profil(request):
    """Edit one's own profile and directory listing."""
    form = ProfilForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        audit_log(
            aktion=Aktion.PROFIL_GEAENDERT, request=request, subject=request.user, felder=form.changed_data
        )
        messages.success(request, _("Ihr Profil wurde gespeichert."))
        return redirect("accounts:profil")
    return render(request, "accounts/profil.html", {"form": form})
