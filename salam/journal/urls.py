from django.urls import path

from salam.journal import views
from salam.journal.feeds import LanguageFeed

app_name = "journal"
urlpatterns = [
    path("", views.index, name="index"),
    path("submit/", views.submit, name="submit"),
    path("feed/<str:language>/", LanguageFeed(), name="feed"),
    path("<slug:slug>/", views.article, name="article"),
    path("<slug:slug>/with/<str:language>/", views.side_by_side, name="side_by_side"),
    path("<slug:slug>/revise/", views.revise, name="revise"),
    path("<slug:slug>/assign/", views.assign, name="assign"),
    path("<slug:slug>/reviews/<int:pk>/", views.review, name="review"),
    path("<slug:slug>/decide/", views.decide, name="decide"),
]
