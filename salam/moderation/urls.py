from django.urls import path

from salam.moderation import views

app_name = "moderation"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("live/", views.live, name="live"),
    path("blocks/", views.blocks, name="blocks"),
    path("reports/<int:report_id>/", views.report_action, name="report-action"),
    path("terms/", views.term_add, name="term-add"),
    path("terms/<int:term_id>/remove/", views.term_remove, name="term-remove"),
    path("block/", views.block, name="block"),
]
