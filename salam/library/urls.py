from django.urls import path

from salam.library import views

app_name = "library"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("overview/edit/", views.overview_edit, name="overview_edit"),
    path("resources/", views.resources, name="resources"),
    path("resources/new/", views.resource_edit, name="resource_new"),
    path("resources/<slug:slug>/", views.resource_detail, name="resource"),
    path("resources/<slug:slug>/edit/", views.resource_edit, name="resource_edit"),
    path("resources/<slug:slug>/file/", views.resource_file, name="resource_file"),
    path("practices/", views.practices, name="practices"),
    path("practices/new/", views.practice_edit, name="practice_new"),
    path("practices/<slug:slug>/", views.practice_detail, name="practice"),
    path("practices/<slug:slug>/edit/", views.practice_edit, name="practice_edit"),
    path("packages/", views.packages, name="packages"),
    path("packages/<slug:slug>/", views.package_detail, name="package"),
    path("packages/<slug:slug>/v<int:number>/", views.package_file, name="package_file"),
    path("organisations/", views.organisations, name="organisations"),
    path("organisations/<slug:slug>/", views.organisation_detail, name="organisation"),
    path("rota/", views.rota, name="rota"),
    path("rota/<int:pk>/remove/", views.rota_remove, name="rota_remove"),
]
