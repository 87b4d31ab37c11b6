import pytest

from tests.conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _new_page(page):
    context = page.context.browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(20000)
    return context.new_page()


def test_editor_creates_page_approver_publishes_member_finds_it(page, live_server, browser_user):
    from demo.pages import ensure_home_page, upsert_page
    from fachgebiete.models import Fachgebiet, FachgebietIndexPage, FachgebietPage
    from redaktion.services import editorial_setup

    home = ensure_home_page()
    editorial_setup(home=home)
    fachgebiet, _ = Fachgebiet.objects.get_or_create(slug="verkehr", defaults={"name": "Verkehr"})
    index = upsert_page(home, FachgebietIndexPage, "fachgebiete", title="Fachgebiete")

    editor, password, secret = browser_user("redaktion")
    browser_login(page, live_server.url, editor.email, password, secret)
    page.goto(f"{live_server.url}/admin/pages/add/fachgebiete/fachgebietpage/{index.pk}/")
    page.fill("#id_title", "Poser-Szene und Raserkontrollen")
    page.select_option("#id_fachgebiet", str(fachgebiet.pk))
    editor_box = page.locator('[contenteditable="true"]').first
    editor_box.wait_for()
    editor_box.click()
    page.keyboard.type("Kontrollen der Poser-Szene nach § 315d StGB.")
    # Draftail keeps its value in a hidden input; set it directly in case typing raced the editor setup.
    page.eval_on_selector(
        'input[name="einleitung"]',
        """input => { if (!input.value || !input.value.includes("Poser")) { input.value = JSON.stringify({
            blocks: [{key: "a1b2c", text: "Kontrollen der Poser-Szene nach § 315d StGB.", type: "unstyled",
                      depth: 0, inlineStyleRanges: [], entityRanges: []}], entityMap: {}}); } }""",
    )
    with page.expect_navigation():
        # The submit action sits in the (collapsed) action menu: click it as the menu would.
        page.eval_on_selector('button[name="action-submit"]', "button => button.click()")
    page.wait_for_load_state("networkidle")
    page.screenshot(path="var/screenshot-admin-after-submit.png")
    created = FachgebietPage.objects.get(title="Poser-Szene und Raserkontrollen")
    assert not created.live
    assert created.current_workflow_state is not None
    page.screenshot(path="var/screenshot-admin-submitted.png")

    approver, password, secret = browser_user("geschaeftsstelle")
    approver_page = _new_page(page)
    browser_login(approver_page, live_server.url, approver.email, password, secret)
    approver_page.goto(f"{live_server.url}/admin/pages/{created.pk}/edit/")
    with approver_page.expect_navigation():
        approver_page.eval_on_selector(
            'button[data-workflow-action-name="approve"]:not([data-workflow-action-modal-url])',
            "button => button.click()",
        )
    approver_page.wait_for_load_state("networkidle")
    created.refresh_from_db()
    assert created.live

    member, password, secret = browser_user("mitglied")
    member_page = _new_page(page)
    browser_login(member_page, live_server.url, member.email, password, secret)
    member_page.goto(f"{live_server.url}/suche/?q=Raserkontrolle")
    assert member_page.get_by_role("link", name="Poser-Szene und Raserkontrollen").count() == 1
    member_page.screenshot(path="var/screenshot-search-member.png")
