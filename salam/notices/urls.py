from django.urls import path

from salam.notices import views

app_name = "notices"
urlpatterns = [
    path("", views.notice_list, name="list"),
    path("panel/", views.panel, name="panel"),
    path("unread/", views.unread, name="unread"),
    path("read/", views.mark_all_read, name="read"),
    path("<int:notice_id>/read/", views.mark_one_read, name="read_one"),
    path("<int:notice_id>/open/", views.open_notice, name="open"),
    path("preferences/", views.preferences, name="preferences"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
