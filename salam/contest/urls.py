from django.urls import path

from salam.contest import edition_views, manage_views, views

app_name = "contest"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", edition_views.edition_new, name="edition_new"),
    path("uploads/<str:token>/", views.upload_chunk, name="upload_chunk"),
    path("consent/<int:entry_id>/<str:token>/", views.consent, name="consent"),
    path("<slug:slug>/", views.edition, name="edition"),
    path("<slug:slug>/edit/", edition_views.edition_edit, name="edition_edit"),
    path("<slug:slug>/enter/", views.submit, name="submit"),
    path("<slug:slug>/gallery/", views.gallery, name="gallery"),
    path("<slug:slug>/festival/", views.festival, name="festival"),
    path("<slug:slug>/vote/withdraw/", views.withdraw, name="withdraw"),
    path("<slug:slug>/entries/<int:pk>/", views.entry, name="entry"),
    path("<slug:slug>/entries/<int:pk>/status.json", views.entry_status, name="entry_status"),
    path("<slug:slug>/entries/<int:pk>/upload/", views.upload_start, name="upload_start"),
    path("<slug:slug>/entries/<int:pk>/subtitles/", views.add_subtitles, name="add_subtitles"),
    path("<slug:slug>/entries/<int:pk>/release/", views.upload_release, name="upload_release"),
    path("<slug:slug>/entries/<int:pk>/media/<str:name>", views.media_file, name="media"),
    path("<slug:slug>/entries/<int:pk>/subtitles/<str:language>.vtt", views.track, name="track"),
    path("<slug:slug>/entries/<int:pk>/vote/", views.vote, name="vote"),
    path("<slug:slug>/entries/<int:pk>/report/", views.report, name="report"),
    path("<slug:slug>/entries/<int:pk>/certificate.pdf", views.certificate, name="certificate"),
    path("<slug:slug>/manage/", manage_views.manage, name="manage"),
    path("<slug:slug>/manage/entries/<int:pk>/screen/", manage_views.screen, name="screen"),
    path(
        "<slug:slug>/manage/entries/<int:pk>/shortlist/", manage_views.shortlist, name="shortlist"
    ),
    path("<slug:slug>/manage/jurors/", manage_views.add_juror, name="add_juror"),
    path("<slug:slug>/manage/festival/", manage_views.publish, name="publish"),
    path("<slug:slug>/recognitions/<int:recognition>/decide/", manage_views.decide, name="decide"),
    path("<slug:slug>/decisions/<int:pk>/withdraw/", manage_views.undecide, name="undecide"),
    path("<slug:slug>/jury/", manage_views.jury, name="jury"),
    path("<slug:slug>/jury/<int:pk>/", manage_views.jury_entry, name="jury_entry"),
    path("<slug:slug>/jury/<int:pk>/conflict/", manage_views.conflict, name="conflict"),
    path("<slug:slug>/partners/<int:recognition>/", manage_views.partner, name="partner"),
]
