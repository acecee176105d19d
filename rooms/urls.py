from django.urls import path
from django.views.generic import TemplateView

app_name = "rooms"
urlpatterns = [
    path("", TemplateView.as_view(template_name="rooms/index.html"), name="index"),
]
