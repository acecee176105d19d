from django.urls import path

from salam.notices import views

app_name = "notices"
urlpatterns = [
    path("", views.notice_list, name="list"),
    path("read/", views.mark_all_read, name="read"),
]
