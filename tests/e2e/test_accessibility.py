"""Every page a visitor, a seeker and a coach can reach, checked in a real browser.

For each page, with realistic data (the demo data set plus a few extras):
- axe finds no violation, at desktop and at phone width. The bar asked for is no
  "serious" or "critical" one; these pages meet the stricter bar of none at all
  (moderate ones such as heading order and landmark names included), and keep it;
- the strict Content-Security-Policy reports no violation (no inline script or style);
- on a 390px phone the page does not scroll sideways;
- the page really is the page asked for: the expected status, no redirect, one <h1>.

Each test sweeps a group of pages and reports every problem it found, page by page,
so one run shows everything that needs fixing.
"""

import datetime as dt
from dataclasses import dataclass, field

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.test import Client

from coaching.models import Sharing, User, Worksheet, WorksheetState
from rejections.models import Application, FollowUp, Status, SuggestedBy
from tests.factories import (
    CoachFactory,
    CommentFactory,
    InvitationFactory,
    UserFactory,
)

pytestmark = pytest.mark.e2e

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
AXE_SCRIPT = Axe().axe_script

# One file with a few problems: a missing company, a date that is not a date, and a
# script tag that must come back escaped.
BAD_CSV = (
    "company,role_title,applied_on,status\n"
    ",Designer,2025-01-10,applied\n"
    "Acme,<script>alert(1)</script>,not-a-date,applied\n"
    "Globex,Researcher,2025-02-01,maybe\n"
)
# From another tracker: its headings and words go to the mapping page, with a date question.
HUNTR_CSV = (
    "Job Title,Company Name,Stage,Date Applied\n"
    "Designer,Acme,Interview,03/04/2025\n"
    "Researcher,Globex,Wishlist,05/06/2025\n"
)

GOOD_CSV = "company,role_title,applied_on\nContoso,Product designer,2025-03-03\n"


# The last two months: where the demo search has applications, interviews and follow-ups.
PROOF_PERIOD = (
    f"period=custom&start={dt.date.today() - dt.timedelta(days=60):%Y-%m-%d}"
    f"&end={dt.date.today():%Y-%m-%d}"
)


def upload_csv(page, live_server, text: str) -> None:
    page.goto(live_server.url + "/applications/import/")
    page.locator("input[type=file]").set_input_files(
        files=[{"name": "search.csv", "mimeType": "text/csv", "buffer": text.encode()}]
    )
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state("load")


@dataclass
class Sweep:
    """Visits pages one by one and keeps a readable list of what was wrong with each."""

    page: object
    base_url: str
    console: list[str]
    problems: list[str] = field(default_factory=list)
    visited: list[str] = field(default_factory=list)

    def visit(self, path: str, *, status: int = 200, name: str | None = None) -> None:
        response = self.page.goto(self.base_url + path)
        self.check(name or path, status=status, response=response, expected_path=path)

    def check(self, name, *, status=200, response=None, expected_path=None) -> None:
        """Check the page that is open now (after a goto, or after submitting a form)."""
        page = self.page
        self.visited.append(name)
        page.wait_for_load_state("load")
        if response is not None and response.status != status:
            self.problems.append(f"{name}: answered {response.status}, expected {status}")
        if expected_path is not None:
            actual = page.url.removeprefix(self.base_url)
            if actual != expected_path:
                self.problems.append(f"{name}: ended at {actual}, not {expected_path}")
        headings = page.locator("h1").count()
        if headings != 1:
            self.problems.append(f"{name}: has {headings} <h1> elements, expected exactly one")

        page.evaluate(AXE_SCRIPT)  # once per page; axe then runs at each width
        for viewport in (DESKTOP, PHONE):
            page.set_viewport_size(viewport)
            width = viewport["width"]
            self.problems.extend(f"{name} @{width}px: {v}" for v in axe_violations(page))
            if viewport is PHONE:
                # Let the page's own resize handlers (Chart.js redraws on the next
                # animation frame) run before measuring, as a person would see it.
                page.evaluate(
                    "() => new Promise((done) => requestAnimationFrame("
                    "() => requestAnimationFrame(() => done())))"
                )
                overflow = page.evaluate(
                    "() => [document.documentElement.scrollWidth, window.innerWidth]"
                )
                if overflow[0] > overflow[1] + 1:
                    self.problems.append(
                        f"{name} @{width}px: scrolls sideways "
                        f"(content {overflow[0]}px wide, window {overflow[1]}px); "
                        f"widest: {widest_elements(page)}"
                    )
        page.set_viewport_size(DESKTOP)

        # CSP reports reach the console as the page loads; collect this page's share.
        csp = [text for text in self.console if "Content Security Policy" in text]
        self.problems.extend(f"{name}: CSP violation: {text}" for text in csp)
        self.console.clear()

    def assert_clean(self) -> None:
        report = "\n".join(f"  - {problem}" for problem in self.problems)
        assert not self.problems, (
            f"{len(self.problems)} problem(s) on {len(self.visited)} pages:\n{report}"
        )


def axe_violations(page) -> list[str]:
    """axe's violations on the page as it is laid out now, one readable line each."""
    violations = page.evaluate("axe.run(document, {resultTypes: ['violations']})")["violations"]
    found = []
    for violation in violations:
        targets = ", ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
        more = len(violation["nodes"]) - 5
        found.append(
            f"{violation['id']} ({violation['impact']}): {violation['help']} "
            f"[{targets}{f' and {more} more' if more > 0 else ''}]"
        )
    return found


def widest_elements(page) -> str:
    """Name the innermost elements that stick out past the window's right edge."""
    return page.evaluate(
        """() => {
          const limit = window.innerWidth + 1;
          const wide = [...document.querySelectorAll('body *')].filter(
            (el) => el.getBoundingClientRect().right > limit
          );
          const innermost = wide.filter((el) => !wide.some((o) => o !== el && el.contains(o)));
          return innermost.slice(0, 5).map((el) => {
            const cls = el.className && typeof el.className === 'string'
              ? '.' + el.className.trim().split(/\\s+/).join('.') : '';
            return el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + cls;
          }).join(', ');
        }"""
    )


def sweep_for(browser, live_server, user: User | None) -> Sweep:
    """A fresh browser context, logged in as `user` (or anonymous) through the session."""
    context = browser.new_context(viewport=DESKTOP)
    if user is not None:
        client = Client()
        client.force_login(user)
        context.add_cookies(
            [
                {
                    "name": "sessionid",
                    "value": client.cookies["sessionid"].value,
                    "url": live_server.url,
                }
            ]
        )
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    return Sweep(page=page, base_url=live_server.url, console=console)


@dataclass
class World:
    seeker: User
    coach: User
    open_application: Application
    rejected_application: Application
    reapply_company: str
    shared_worksheet: Worksheet
    draft_worksheet: Worksheet
    unreflected_rejection: Application
    follow_up: FollowUp
    invitation_token: str


def demo_world() -> World:
    """The demo data set, plus comments, an invitation and an import waiting to confirm."""
    call_command("demo_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    seeker = User.objects.get(email="sam@demo.reframe.test")
    coach = User.objects.get(email="casey@demo.reframe.test")
    mine = Application.objects.for_owner(seeker)
    rejected = (
        mine.filter(status=Status.REJECTED, worksheet__isnull=False, outcome__feedback__gt="")
        .order_by("pk")
        .first()
    )
    CommentFactory(
        author=coach,
        application=rejected,
        body="The feedback about metrics is really useful. Shall we look at one case study?",
    )
    CommentFactory(author=seeker, application=rejected, body="Yes please, on Thursday.")
    shared = Worksheet.objects.get(owner=seeker, sharing=Sharing.SUMMARY)
    CommentFactory(
        author=coach,
        application=None,
        worksheet=shared,
        client=seeker,
        body="A kind and honest reflection.",
    )
    # Another coach asks Sam to connect; Casey has one invitation still waiting.
    invitation = InvitationFactory(coach=CoachFactory(display_name="Robin"), email=seeker.email)
    InvitationFactory(coach=coach, email="new.client@example.com")
    follow_up = (
        FollowUp.objects.filter(owner=seeker, application__isnull=False)
        .exclude(suggested_by=SuggestedBy.COACH)
        .order_by("due_on")
        .first()
    )
    return World(
        seeker=seeker,
        coach=coach,
        open_application=mine.filter(status=Status.INTERVIEWING).order_by("pk").first()
        or mine.filter(status=Status.SCREENING).order_by("pk").first(),
        rejected_application=rejected,
        reapply_company="Northwind Labs",
        shared_worksheet=shared,
        draft_worksheet=Worksheet.objects.get(owner=seeker, state=WorksheetState.DRAFT),
        unreflected_rejection=mine.filter(status=Status.REJECTED, worksheet__isnull=True)
        .order_by("pk")
        .first(),
        follow_up=follow_up,
        invitation_token=invitation.token,
    )


@pytest.mark.django_db(transaction=True)
def test_public_pages(browser, live_server):
    sweep = sweep_for(browser, live_server, None)
    sweep.visit("/")
    sweep.visit("/accounts/login/")
    sweep.visit("/accounts/signup/")
    sweep.visit("/accounts/password/reset/")
    sweep.visit("/accounts/password/reset/done/")
    sweep.visit("/accounts/password/reset/key/1-not-a-real-key/", name="expired reset link")
    sweep.visit("/this-page-does-not-exist/", status=404)

    # A login with the wrong password shows its error in an accessible way.
    sweep.page.goto(live_server.url + "/accounts/login/")
    sweep.page.get_by_label("Email").fill("nobody@example.com")
    sweep.page.get_by_label("Password").fill("not the password")
    sweep.page.get_by_role("button", name="Log in").click()
    sweep.page.wait_for_load_state("load")
    sweep.check("login with a wrong password")

    # A sign-up whose two passwords differ.
    page = sweep.page
    page.goto(live_server.url + "/accounts/signup/")
    page.get_by_label("Email").fill("new@example.com")
    page.get_by_label("Your name").fill("Noor")
    page.get_by_placeholder("Password", exact=True).fill("a long and lovely passphrase")
    page.get_by_label("Password (again)").fill("a different passphrase")
    page.get_by_role("button", name="Sign up").click()
    page.wait_for_load_state("load")
    sweep.check("sign-up with errors")

    sweep.assert_clean()


@pytest.mark.django_db(transaction=True)
def test_seeker_pages(browser, live_server):
    world = demo_world()
    # The demo data must give these pages something to show.
    assert world.open_application and world.rejected_application and world.unreflected_rejection
    assert world.follow_up is not None
    sam = world.seeker
    today = sam.local_today()
    assert FollowUp.objects.filter(owner=sam, due_on__lt=today, state="pending").exists()
    assert FollowUp.objects.filter(owner=sam, due_on=today, state="pending").exists()
    assert FollowUp.objects.filter(owner=sam, due_on__gt=today, state="pending").exists()
    assert FollowUp.objects.filter(owner=sam, suggested_by=SuggestedBy.COACH).exists()

    sweep = sweep_for(browser, live_server, sam)
    open_pk = world.open_application.pk
    rejected_pk = world.rejected_application.pk
    saved_pk = Application.objects.for_owner(sam).filter(status=Status.SAVED).first().pk
    sweep.visit("/", name="seeker dashboard")
    sweep.visit("/applications/", name="application list")
    sweep.visit("/applications/?q=zzzz-nothing-matches", name="application list, no match")
    sweep.visit("/applications/board/", name="pipeline board")
    assert sweep.page.get_by_text("Quayside Trust", exact=True).is_visible()  # a saved job
    sweep.visit(f"/applications/{saved_pk}/", name="saved application")
    sweep.visit("/applications/?view=list", name="application list, chosen again")
    sweep.visit(f"/applications/new/?company={world.reapply_company.replace(' ', '%20')}")
    assert sweep.page.get_by_text("You have applied to Northwind Labs before").is_visible()
    sweep.visit(f"/applications/{open_pk}/", name="open application")
    sweep.visit(f"/applications/{rejected_pk}/", name="rejected application with comments")
    assert sweep.page.get_by_text("Shall we look at one case study?").is_visible()
    sweep.visit(f"/applications/{open_pk}/edit/")
    sweep.visit(f"/applications/{open_pk}/delete/")
    sweep.visit(f"/applications/{open_pk}/outcome/", name="outcome form")
    sweep.visit(f"/applications/{rejected_pk}/routine/", name="routine page")
    sweep.visit("/follow-ups/", name="today page")
    sweep.visit("/notifications/", name="seeker notifications")
    sweep.visit(f"/follow-ups/{world.follow_up.pk}/", name="follow-up detail")
    sweep.visit("/follow-ups/new/")
    sweep.visit("/worksheets/", name="worksheet list")
    sweep.visit(
        f"/worksheets/new/?application={world.unreflected_rejection.pk}",
        name="new worksheet, prefilled",
    )
    sweep.visit(f"/worksheets/{world.shared_worksheet.pk}/", name="completed worksheet, summary")
    sweep.visit(
        f"/worksheets/{world.shared_worksheet.pk}/?edit=1", name="completed worksheet, editing"
    )
    sweep.visit(f"/worksheets/{world.draft_worksheet.pk}/", name="draft worksheet")
    sweep.visit("/applications/import/", name="import page")
    sweep.visit(f"/applications/proof/?{PROOF_PERIOD}", name="proof of search")
    sweep.visit("/applications/proof/?period=custom&start=2026-01-01", name="proof, bad period")
    sweep.visit("/settings/")
    sweep.visit("/settings/export/")
    sweep.visit("/settings/delete/")
    sweep.visit("/coach/links/", name="my coaches")
    sweep.visit(f"/invites/{world.invitation_token}/", name="invite answer page")
    sweep.visit("/accounts/email/")
    sweep.visit("/accounts/password/change/")
    sweep.visit("/no-such-page/", status=404, name="404 while logged in")
    sweep.visit("/coach/", status=403, name="coach pages, for a seeker")
    sweep.visit("/invites/not-a-real-token/", status=404, name="unknown invitation")

    # An import file with problems: the preview lists them. A clean file: a preview
    # waiting for confirmation.
    upload_csv(sweep.page, live_server, BAD_CSV.replace(",maybe", ",offer"))
    assert sweep.page.get_by_text("<script>alert(1)</script>").count() > 0
    sweep.check("import preview with errors")
    upload_csv(sweep.page, live_server, BAD_CSV)
    assert sweep.page.url.endswith("/columns/")
    sweep.check("import column mapping, asking about a status word")
    upload_csv(sweep.page, live_server, HUNTR_CSV)
    assert sweep.page.get_by_text("Is 03/04/2025 the 3rd of April or March 4th?").count() == 1
    sweep.check("import column mapping with a date question")
    upload_csv(sweep.page, live_server, GOOD_CSV)
    assert "/applications/import/" in sweep.page.url and sweep.page.url.count("/") > 5
    sweep.check("import preview, ready to confirm")

    # A new application with nothing filled in: the form shows its errors.
    page = sweep.page
    page.goto(live_server.url + "/applications/new/")
    page.get_by_role("button", name="Save application").click()
    page.wait_for_load_state("load")
    sweep.check("new application with errors")

    # A comment of nothing but spaces: the comment page explains.
    page.goto(f"{live_server.url}/applications/{rejected_pk}/")
    page.get_by_label("Start a new thread").fill("   ")
    page.get_by_role("button", name="Send", exact=True).click()
    page.wait_for_load_state("load")
    sweep.check("empty comment")

    # Deleting a worksheet asks first.
    page.goto(f"{live_server.url}/worksheets/{world.draft_worksheet.pk}/")
    page.get_by_role("button", name="Delete this worksheet…").click()
    page.wait_for_load_state("load")
    sweep.check("delete worksheet, confirm")

    sweep.assert_clean()


@pytest.mark.django_db(transaction=True)
def test_empty_pages_for_a_new_seeker(browser, live_server):
    newcomer = UserFactory(display_name="Noor")
    sweep = sweep_for(browser, live_server, newcomer)
    sweep.visit("/", name="empty dashboard")
    sweep.visit("/applications/", name="empty application list")
    sweep.visit("/follow-ups/", name="empty today page")
    sweep.visit("/worksheets/", name="empty worksheet list")
    sweep.visit("/worksheets/new/", name="new worksheet, blank")
    sweep.visit("/coach/links/", name="no coaches yet")
    sweep.assert_clean()


@pytest.mark.django_db(transaction=True)
def test_coach_pages(browser, live_server):
    world = demo_world()
    coach, sam = world.coach, world.seeker
    sweep = sweep_for(browser, live_server, coach)
    sweep.visit("/", name="coach dashboard")
    sweep.visit("/coach/", name="caseload")
    sweep.visit(f"/coach/clients/{sam.pk}/", name="client page")
    sweep.visit(f"/coach/clients/{sam.pk}/proof/?{PROOF_PERIOD}", name="client's proof of search")
    sweep.visit(
        f"/coach/clients/{sam.pk}/applications/{world.rejected_application.pk}/",
        name="client application with comments",
    )
    sweep.visit(
        f"/coach/clients/{sam.pk}/worksheets/{world.shared_worksheet.pk}/",
        name="client worksheet",
    )
    sweep.visit("/coach/invite/", name="invite page")
    sweep.visit("/coach/links/", name="coach's links")
    sweep.visit("/settings/", name="coach settings")
    sweep.visit("/notifications/", name="coach notifications")
    sweep.visit(f"/coach/clients/{sam.pk + 10_000}/", status=404, name="unknown client")

    # A suggestion without a title, and a comment of nothing but spaces.
    page = sweep.page
    page.goto(f"{live_server.url}/coach/clients/{sam.pk}/")
    page.locator("#suggest").get_by_role("button", name="Suggest").click()
    page.wait_for_load_state("load")
    sweep.check("suggest a follow-up with errors")
    page.goto(
        f"{live_server.url}/coach/clients/{sam.pk}/applications/{world.rejected_application.pk}/"
    )
    page.get_by_label("Start a new thread").fill("   ")
    page.get_by_role("button", name="Send", exact=True).click()
    page.wait_for_load_state("load")
    sweep.check("coach's empty comment")
    sweep.assert_clean()


@pytest.mark.django_db(transaction=True)
def test_a_coach_with_no_clients_yet(browser, live_server):
    coach = CoachFactory(display_name="Ari")
    sweep = sweep_for(browser, live_server, coach)
    sweep.visit("/", name="new coach dashboard")
    sweep.visit("/coach/", name="empty caseload")
    sweep.assert_clean()
