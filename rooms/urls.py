from django.urls import path
from django.views.generic import RedirectView

from rooms.chat import views
from rooms.moderation import views as moderation_views
from rooms.pairing import views as pairing_views
from salam.moderation import views as dashboard_views

app_name = "rooms"
urlpatterns = [
    path("", views.room_list, name="index"),
    path("new/", views.room_create, name="create"),
    path("unread/", views.unread_counts, name="unread"),
    # The dashboard moved to /moderation/ (salam.moderation); old links still lead there.
    path(
        "moderation/",
        RedirectView.as_view(pattern_name="moderation:dashboard", query_string=True),
        name="moderation",
    ),
    path("block/", dashboard_views.block, name="block"),
    path("pairing/", pairing_views.pairing_page, name="pairing"),
    path("pairing/<int:pairing_id>/feedback/", pairing_views.feedback, name="feedback"),
    path("rounds/", pairing_views.round_list, name="rounds"),
    path("rounds/new/", pairing_views.round_create, name="round-create"),
    path("rounds/<int:round_id>/", pairing_views.round_detail, name="round"),
    path("rounds/<int:round_id>/edit/", pairing_views.round_edit, name="round-edit"),
    path(
        "reports/<int:report_id>/context/",
        moderation_views.report_context,
        name="report-context",
    ),
    path("<slug:slug>/", views.room_detail, name="room"),
    path("<slug:slug>/edit/", views.room_edit, name="edit"),
    path("<slug:slug>/join/", views.room_join, name="join"),
    path("<slug:slug>/moderate/", moderation_views.room_moderate, name="moderate"),
    path("<slug:slug>/new-partner/", pairing_views.new_partner, name="new-partner"),
]
