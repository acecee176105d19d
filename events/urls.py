from django.urls import path

from events.views import calendar, organiser, public

app_name = "events"
urlpatterns = [
    path("", public.index, name="index"),
    path("new/", organiser.event_create, name="create"),
    path("agenda/", public.agenda, name="agenda"),
    path("agenda/feed/", public.agenda_feed_issue, name="agenda_feed_issue"),
    path("agenda/feed/revoke/", public.agenda_feed_revoke, name="agenda_feed_revoke"),
    path("feeds/<str:token>.ics", calendar.agenda_calendar, name="agenda_feed"),
    path("<slug:slug>/", public.event_detail, name="event"),
    path("<slug:slug>/calendar.ics", calendar.event_calendar, name="calendar"),
    path("<slug:slug>/edit/", organiser.event_edit, name="edit"),
    path("<slug:slug>/manage/", organiser.manage, name="manage"),
    path("<slug:slug>/publish/", organiser.publish, name="publish"),
    path("<slug:slug>/spaces/new/", organiser.space_edit, name="space_create"),
    path("<slug:slug>/spaces/<int:pk>/edit/", organiser.space_edit, name="space_edit"),
    path("<slug:slug>/tracks/new/", organiser.track_edit, name="track_create"),
    path("<slug:slug>/tracks/<int:pk>/edit/", organiser.track_edit, name="track_edit"),
    path("<slug:slug>/sessions/new/", organiser.session_edit, name="session_create"),
    path("<slug:slug>/sessions/<int:pk>/", public.session_detail, name="session"),
    path(
        "<slug:slug>/sessions/<int:pk>/calendar.ics",
        calendar.session_calendar,
        name="session_calendar",
    ),
    path(
        "<slug:slug>/sessions/<int:pk>/register-all/",
        public.register_series,
        name="register_series",
    ),
    path("<slug:slug>/sessions/<int:pk>/edit/", organiser.session_edit, name="session_edit"),
    path("<slug:slug>/sessions/<int:pk>/cancel/", organiser.session_cancel, name="session_cancel"),
    path(
        "<slug:slug>/sessions/<int:pk>/occurrences/<int:occurrence>/register/",
        public.register,
        name="register",
    ),
    path(
        "<slug:slug>/sessions/<int:pk>/occurrences/<int:occurrence>/cancel/",
        public.unregister,
        name="unregister",
    ),
]
