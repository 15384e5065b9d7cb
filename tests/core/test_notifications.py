"""Notifications: the bell, the list, marking read, e-mail on commit only, per-recipient language, dedupe."""

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy

from core.models import Notification
from core.notifications import notify


@pytest.mark.django_db(transaction=True)
def test_email_is_sent_after_commit_only(users, mailoutbox):
    with transaction.atomic():
        notify(recipients=[users["planner"]], title=gettext_lazy("Projects"))
        assert mailoutbox == []
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["planner@example.test"]
    assert Notification.objects.get(recipient=users["planner"]).emailed_at is not None


@pytest.mark.django_db(transaction=True)
def test_rolled_back_notification_is_neither_stored_nor_sent(users, mailoutbox):
    with pytest.raises(RuntimeError), transaction.atomic():
        notify(recipients=[users["planner"]], title="x")
        raise RuntimeError
    assert not Notification.objects.exists() and mailoutbox == []


@pytest.mark.django_db
def test_each_recipient_reads_their_language(users):
    users["planner"].language = "en"
    users["planner"].save()
    users["service"].language = "zh-hans"
    users["service"].save()
    notify(recipients=[users["planner"], users["service"]], title=gettext_lazy("Projects"))
    assert Notification.objects.get(recipient=users["planner"]).title == "Projects"
    assert Notification.objects.get(recipient=users["service"]).title == "项目"


@pytest.mark.django_db
def test_dedupe_key_notifies_once(users):
    for _ in range(3):
        notify(recipients=[users["head"]], title="Reminder", dedupe_key="k1")
    assert Notification.objects.filter(recipient=users["head"]).count() == 1


@pytest.mark.django_db
def test_bell_list_and_mark_read(client, users):
    notify(recipients=[users["head"]], title="One", url="/projects/")
    notify(recipients=[users["head"]], title="Two")
    notify(recipients=[users["planner"]], title="Not yours")
    client.force_login(users["head"])
    bell = client.get(reverse("notification-bell"))
    assert bell.status_code == 200 and ">2<" in bell.content.decode().replace(" ", "")
    listing = client.get(reverse("notifications"))
    assert [n.title for n in listing.context["notifications"]] == ["Two", "One"]
    one = Notification.objects.get(title="One")
    response = client.post(reverse("notification-read", args=[one.pk]))
    assert response.status_code == 302 and response["Location"] == "/projects/"
    one.refresh_from_db()
    assert one.is_read
    other = Notification.objects.get(title="Not yours")
    assert client.post(reverse("notification-read", args=[other.pk])).status_code == 404
    client.post(reverse("notifications-read-all"))
    assert not Notification.objects.filter(recipient=users["head"], read_at__isnull=True).exists()
    other.refresh_from_db()
    assert not other.is_read


@pytest.mark.django_db
def test_api_mark_read(api_client, users):
    notify(recipients=[users["head"]], title="One")
    api_client.force_authenticate(users["head"])
    rows = api_client.get("/api/notifications/").data["results"]
    assert [r["title"] for r in rows] == ["One"]
    response = api_client.post(f"/api/notifications/{rows[0]['id']}/read/")
    assert response.status_code == 200 and response.data["read_at"]
    api_client.force_authenticate(users["planner"])
    assert api_client.post(f"/api/notifications/{rows[0]['id']}/read/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)"])
def test_mark_read_never_redirects_off_site(client, users, next_url):
    notify(recipients=[users["head"]], title="One")
    client.force_login(users["head"])
    note = Notification.objects.get(recipient=users["head"])
    for url in (reverse("notifications-read-all"), reverse("notification-read", args=[note.pk])):
        response = client.post(url, {"next": next_url})
        assert response.status_code == 302 and response["Location"] == reverse("notifications")


@pytest.mark.django_db
def test_mark_read_returns_to_next_on_site(client, users):
    notify(recipients=[users["head"]], title="One", url="/projects/")
    client.force_login(users["head"])
    note = Notification.objects.get(recipient=users["head"])
    response = client.post(reverse("notification-read", args=[note.pk]), {"next": "/notifications/?unread=1"})
    assert response["Location"] == "/notifications/?unread=1"
