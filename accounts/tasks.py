from celery import shared_task


@shared_task
def suspend_uncertified_accounts() -> int:
    """Nightly: suspend accounts whose yearly re-certification is overdue."""
    from .services import users_suspend_uncertified

    return users_suspend_uncertified()
