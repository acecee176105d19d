from django.urls import path

from salam.forum import views

app_name = "forum"
urlpatterns = [
    path("", views.index, name="index"),
    path("c/<slug:slug>/", views.category, name="category"),
    path("c/<slug:slug>/new/", views.new_thread, name="new_thread"),
    path("t/<slug:slug>/", views.thread, name="thread"),
    path("t/<slug:slug>/reply/", views.reply, name="reply"),
    path("t/<slug:slug>/follow/", views.follow, name="follow"),
    path("t/<slug:slug>/moderate/", views.moderate, name="moderate"),
    path("posts/<int:pk>/edit/", views.edit, name="edit"),
    path("posts/<int:pk>/history/", views.history, name="history"),
    path("posts/<int:pk>/flag/", views.flag, name="flag"),
    path("posts/<int:pk>/quote/", views.quote, name="quote"),
    path("preview/", views.preview, name="preview"),
]
