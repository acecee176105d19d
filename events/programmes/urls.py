from django.urls import path

from . import views

app_name = "programmes"
urlpatterns = [
    path("", views.programme_list, name="list"),
    path("support/", views.support_view, name="support"),
    path("<slug:slug>/", views.programme_detail, name="detail"),
    path("<slug:slug>/apply/", views.apply_view, name="apply"),
    path("<slug:slug>/withdraw/", views.withdraw_view, name="withdraw"),
    path("<slug:slug>/form/", views.form_view, name="form"),
    path("<slug:slug>/report/", views.report_view, name="report"),
    path("<slug:slug>/survey/<str:moment>/", views.survey_view, name="survey"),
    path("<slug:slug>/report.csv", views.report_csv, name="report-csv"),
    path("<slug:slug>/cohorts/<int:number>/", views.cohort_view, name="cohort"),
]
