"""The bench-only pages (bench/views.py), included under /bench/ by config/urls.py when ``settings.BENCH_URLS``."""

from django.urls import path

from bench import views

urlpatterns = [
    path("ok/", views.ok, name="bench-ok"),
    path("table/", views.TableView.as_view(), name="bench-table"),
    path("admin/", views.bench_admin.urls),
]
