from django.urls import path

from salam.people import views

app_name = "people"
urlpatterns = [
    path("me/edit/", views.profile_edit, name="edit"),
    path("<str:username>/", views.profile_detail, name="profile"),
]
