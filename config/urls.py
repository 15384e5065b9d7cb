from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

urlpatterns = [
    path("", include("core.urls")),
    path("projects/", include("projects.urls")),
    path("contracts/", include("contracts.urls")),
    path("finance/", include("finance.urls")),
    path("risk/", include("risk.urls")),
    path("staff/", include("staff.urls")),
    path("reports/", include("reports.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
    path("api/", include("config.api_router")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]

if settings.BENCH_URLS:  # the bench-only pages of bench/scale_pages.py (issue 10); never in a deployment
    urlpatterns += [path("bench/", include("bench.urls"))]

handler403 = "core.views.error_403"
handler404 = "core.views.error_404"
handler500 = "core.views.error_500"

admin.site.site_header = settings.SITE_NAME
admin.site.site_title = settings.SITE_NAME
