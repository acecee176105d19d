from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

from salam import views
from salam.people import views as people_views

# The admin signs in through allauth's login, and so under its rate limits.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("favicon.ico", views.favicon, name="favicon"),
    # Django's set_language, recording a signed-in person's choice on their profile.
    path("i18n/setlang/", people_views.set_language, name="set_language"),
    path("accounts/", include("allauth.urls")),
    path("people/", include("salam.people.urls")),
    path("notices/", include("salam.notices.urls")),
    path("moderation/", include("salam.moderation.urls")),
    path("rooms/", include("rooms.urls")),
    path("programmes/", include("events.programmes.urls")),
    path("events/", include("events.urls")),
    path("library/", include("salam.library.urls")),
    path("journal/", include("salam.journal.urls")),
    path("forum/", include("salam.forum.urls")),
    path("search/", include("salam.search.urls")),
    path("contest/", include("salam.contest.urls")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    urlpatterns.append(path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT}))
