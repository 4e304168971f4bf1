from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    path("", include("accounts.urls")),
    path("", include("casefile.urls")),
    path("", include("households.urls")),
    path("", include("safety.urls")),
    path("health/", views.health, name="health"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
