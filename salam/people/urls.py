from django.urls import path

from salam.people import views

app_name = "people"
urlpatterns = [
    path("me/edit/", views.profile_edit, name="edit"),
    # Two segments: never taken for a username.
    path("requests/places/", views.affiliation_requests, name="affiliation-requests"),
    path(
        "requests/places/<int:pk>/<str:decision>/",
        views.affiliation_decide,
        name="affiliation-decide",
    ),
    path("me/avatar/", views.avatar_edit, name="avatar_edit"),
    path("<str:username>/", views.profile_detail, name="profile"),
    path("<str:username>/avatar/", views.avatar, name="avatar"),
]
