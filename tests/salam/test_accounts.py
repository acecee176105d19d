"""Sign-up, login by username and by email, and the profile completion gate."""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail

from salam.people.models import City, Profile, University
from tests.jobs import run_jobs

pytestmark = pytest.mark.django_db


def sign_up(client, capture_on_commit, *, email="new@example.org", username="newcomer", **headers):
    """Sign up, run the commit's callbacks (they enqueue the mail) and the jobs."""
    with capture_on_commit(execute=True):
        response = client.post(
            "/accounts/signup/",
            {
                "email": email,
                "username": username,
                "password1": "a-long-enough-pass-42",
                "password2": "a-long-enough-pass-42",
            },
            **headers,
        )
    run_jobs()
    return response


def test_sign_up_creates_an_account_with_a_profile_and_the_participant_role(
    client, django_capture_on_commit_callbacks
):
    response = sign_up(client, django_capture_on_commit_callbacks)
    user = get_user_model().objects.get(username="newcomer")
    assert (response.status_code, response["Location"]) == (302, "/accounts/confirm-email/")
    assert list(user.groups.values_list("name", flat=True)) == ["participant"]
    assert user.profile.is_complete is False
    assert EmailAddress.objects.get(user=user).email == "new@example.org"
    assert [m.to for m in mail.outbox] == [["new@example.org"]]  # the verification email
    # The link in the mail signs the newcomer in, and leads them to complete their profile.
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", mail.outbox[0].body)
    confirmed = client.post(link[1])
    assert (confirmed.status_code, confirmed["Location"]) == (302, "/people/me/edit/")
    assert EmailAddress.objects.get(user=user).verified is True


def test_sign_up_refuses_a_mismatched_password_and_stores_nothing(client):
    response = client.post(
        "/accounts/signup/",
        {
            "email": "new@example.org",
            "username": "newcomer",
            "password1": "a-long-enough-pass-42",
            "password2": "another-pass-42",
        },
    )
    assert response.status_code == 200
    assert get_user_model().objects.filter(username="newcomer").exists() is False


@pytest.mark.parametrize("login", ["alice", "alice@example.org"])
def test_a_person_logs_in_by_username_or_by_email(client, participant, password, login):
    response = client.post("/accounts/login/", {"login": login, "password": password})
    assert response.status_code == 302
    assert client.get("/").context["user"] == participant


def test_a_wrong_password_does_not_log_in(client, participant):
    response = client.post("/accounts/login/", {"login": "alice", "password": "wrong"})
    assert response.status_code == 200
    assert client.get("/").context["user"].is_authenticated is False


def test_an_incomplete_profile_is_led_to_the_edit_page_after_login(client, make_person, password):
    make_person("halfway", complete=False)
    response = client.post("/accounts/login/", {"login": "halfway", "password": password})
    assert response["Location"] == "/people/me/edit/"


def test_a_complete_profile_goes_home_after_login(client, participant, password):
    response = client.post("/accounts/login/", {"login": "alice", "password": password})
    assert response["Location"] == "/"


def test_completing_the_profile_saves_every_field(client, make_person):
    person = make_person("halfway", complete=False)
    uni = University.objects.create(name="Cairo University", city="Cairo", country="EG")
    client.force_login(person)
    response = client.post(
        "/people/me/edit/",
        {
            "display_name": "Half Way",
            "affiliation": "student",
            "university": uni.pk,
            "languages": ["ar", "en"],
            "interests": "Poetry, cooking,  poetry",
            "time_zone": "Africa/Cairo",
            "bio": "Hello",
        },
    )
    profile = Profile.objects.get(user=person)
    assert response.status_code == 302
    assert profile.is_complete is True
    assert profile.languages == ["ar", "en"]
    assert sorted(profile.interests.values_list("name", flat=True)) == ["cooking", "poetry"]
    assert profile.university == uni


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"affiliation": "student", "university": ""}, "university"),
        ({"affiliation": "city", "city": "", "residency": "resident"}, "city"),
        ({"affiliation": "city", "residency": ""}, "residency"),
        ({"languages": ["xx"]}, "languages"),
        ({"time_zone": "Mars/Olympus"}, "time_zone"),
    ],
)
def test_a_bad_profile_gets_a_clear_error_and_changes_nothing(client, make_person, changes, field):
    person = make_person("halfway", complete=False)
    city = City.objects.create(name="Rotterdam", country="NL")
    client.force_login(person)
    data = {
        "display_name": "X",
        "affiliation": "city",
        "city": city.pk,
        "residency": "newcomer",
        "languages": ["en"],
        "interests": "",
        "time_zone": "UTC",
        "bio": "",
        **changes,
    }
    response = client.post("/people/me/edit/", data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert Profile.objects.get(user=person).display_name == ""


def test_the_profile_page_shows_the_person(client, participant):
    client.force_login(participant)
    response = client.get("/people/alice/")
    assert response.status_code == 200
    assert "Boğaziçi University" in response.content.decode()


def test_profile_pages_need_a_sign_in(client, participant):
    response = client.get("/people/alice/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_allauth_rate_limits_repeated_failed_logins(client, make_person, password):
    # The cache is this test's own (tests/conftest.py): no clearing, which on Redis would
    # flush the whole database.
    make_person("target")
    for _ in range(5):
        client.post("/accounts/login/", {"login": "target", "password": "wrong"})
    response = client.post("/accounts/login/", {"login": "target", "password": password})
    assert response.status_code in {200, 429}
    assert client.get("/").context["user"].is_authenticated is False


@pytest.fixture
def staff(make_person):
    user = make_person("keeper")
    user.is_staff = user.is_superuser = True
    user.save(update_fields=["is_staff", "is_superuser"])
    return user


def test_the_admin_login_is_allauths_login(client, staff, password):
    response = client.post(
        "/admin/login/?next=/admin/", {"username": "keeper", "password": password}
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2F"
    assert client.get("/admin/").status_code == 302  # the admin's own form signed nobody in


def test_the_admin_is_reached_through_the_rate_limited_login(client, staff, password):
    for _ in range(5):
        client.post("/accounts/login/?next=/admin/", {"login": "keeper", "password": "wrong"})
    refused = client.post(
        "/accounts/login/?next=/admin/", {"login": "keeper", "password": password}
    )
    assert "Too many failed login attempts. Try again later." in refused.content.decode()
    assert client.get("/admin/").status_code == 302


def test_a_staff_member_signed_in_through_allauth_reaches_the_admin(client, staff, password):
    signed_in = client.post(
        "/accounts/login/?next=/admin/", {"login": "keeper", "password": password}
    )
    assert (signed_in.status_code, signed_in["Location"]) == (302, "/admin/")
    assert client.get("/admin/").status_code == 200


# ---- the client's address behind a proxy ------------------------------------------------

PROXY = "10.0.0.5"
TOO_MANY = "Too many failed login attempts. Try again later."


def fail_ten_times(client, *, remote: str, forwarded_for: str) -> None:
    for attempt in range(10):
        client.post(
            "/accounts/login/",
            {"login": f"nobody{attempt}", "password": "wrong"},
            REMOTE_ADDR=remote,
            HTTP_X_FORWARDED_FOR=forwarded_for,
        )


def sign_in_from(client, password, *, remote: str, forwarded_for: str):
    return client.post(
        "/accounts/login/",
        {"login": "alice", "password": password},
        REMOTE_ADDR=remote,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def test_behind_a_trusted_proxy_one_clients_failures_lock_out_that_client_alone(
    client, participant, password, settings
):
    from django.test import Client

    settings.SALAM_TRUSTED_PROXIES = ["10.0.0.0/8"]
    fail_ten_times(Client(), remote=PROXY, forwarded_for="203.0.113.7")
    locked = sign_in_from(Client(), password, remote=PROXY, forwarded_for="203.0.113.7")
    other = sign_in_from(client, password, remote=PROXY, forwarded_for="198.51.100.9")
    assert TOO_MANY in locked.content.decode()
    assert (other.status_code, other["Location"]) == (302, "/")


def test_from_an_untrusted_address_x_forwarded_for_changes_nothing(
    client, participant, password, settings
):
    from django.test import Client

    settings.SALAM_TRUSTED_PROXIES = ["10.0.0.0/8"]
    fail_ten_times(Client(), remote="192.0.2.1", forwarded_for="203.0.113.7")
    spoofed = sign_in_from(client, password, remote="192.0.2.1", forwarded_for="198.51.100.9")
    assert TOO_MANY in spoofed.content.decode()
    assert spoofed.wsgi_request.user.is_authenticated is False


@pytest.mark.parametrize(
    ("remote", "forwarded_for", "client"),
    [
        ("192.0.2.1", "198.51.100.9", "192.0.2.1"),  # nobody we trust wrote the header
        ("10.0.0.5", "198.51.100.9", "198.51.100.9"),
        ("10.0.0.5", "6.6.6.6, 198.51.100.9", "198.51.100.9"),  # the client's own, ignored
        ("10.0.0.5", "198.51.100.9, 10.0.0.7", "198.51.100.9"),  # two proxies deep
        ("10.0.0.5", "not-an-address", "10.0.0.5"),
        ("10.0.0.5", "", "10.0.0.5"),
        ("10.0.0.5", "[2001:db8::1]:443", "2001:db8::1"),
    ],
)
def test_the_client_address_believes_only_trusted_proxies(remote, forwarded_for, client):
    from salam.people.adapter import client_address

    assert client_address(remote, forwarded_for, trusted=["10.0.0.0/8"]) == client


# ---- sign-up tells nobody who has an account ---------------------------------------------


def page_text(response) -> str:
    """The page without what differs on every answer (CSP nonces, CSRF tokens)."""
    assert response.status_code == 200
    text = response.content.decode()
    return re.sub(r'(nonce|value)="[^"]*"', r'\1=""', text)


def test_signing_up_with_a_taken_email_answers_as_a_fresh_one_and_mails_the_owner(
    client, participant, django_capture_on_commit_callbacks
):
    from django.test import Client

    newcomer = Client()
    fresh = sign_up(newcomer, django_capture_on_commit_callbacks, email="fresh@example.org")
    mail.outbox.clear()
    taken = sign_up(
        client, django_capture_on_commit_callbacks, email="ALICE@example.org", username="other"
    )

    assert (taken.status_code, taken["Location"]) == (fresh.status_code, fresh["Location"])
    # Each page names the address typed on it, as one's own input.
    assert page_text(client.get(taken["Location"])).replace("alice@", "@") == page_text(
        newcomer.get(fresh["Location"])
    ).replace("fresh@", "@")
    assert get_user_model().objects.filter(username="other").exists() is False
    [owner_mail] = mail.outbox
    assert owner_mail.to == ["alice@example.org"]
    assert "already" in owner_mail.body  # allauth's "account already exists" mail


def test_a_taken_username_is_still_refused_on_the_form(client, participant):
    # Usernames are public (profile addresses, message authors): refusing one tells nothing.
    response = client.post(
        "/accounts/signup/",
        {
            "email": "someone@example.org",
            "username": "alice",
            "password1": "a-long-enough-pass-42",
            "password2": "a-long-enough-pass-42",
        },
    )
    assert response.status_code == 200
    assert "username" in response.context["form"].errors
    assert get_user_model().objects.filter(email="someone@example.org").exists() is False
