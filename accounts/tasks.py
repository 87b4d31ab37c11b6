from celery import shared_task


@shared_task
def suspend_uncertified_accounts() -> int:
    """Nightly: suspend accounts whose yearly re-certification is overdue."""
    from .services import users_suspend_uncertified

    return users_suspend_uncertified()


@shared_task
def remind_recertification() -> int:
    """Daily: tell people (and their Ansprechpartner) whose re-certification falls due in 30 or 7 days."""
    from .services import recertification_remind

    return recertification_remind()


@shared_task
def notify_expired_invitations() -> int:
    """Hourly: tell inviters about invitations that expired unused."""
    from .services import invitations_notify_expired

    return invitations_notify_expired()
