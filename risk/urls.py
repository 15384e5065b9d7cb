from django.urls import path

from risk import views

app_name = "risk"
urlpatterns = [
    path("", views.RiskListView.as_view(), name="risks"),
    path("new/", views.RiskRecordView.as_view(), name="risk-record"),
    path("indicators/", views.IndicatorListView.as_view(), name="indicators"),
    path("indicators/readings/", views.ReadingRecordView.as_view(), name="reading-record"),
    path("warnings/", views.WarningListView.as_view(), name="warnings"),
    path("warnings/<int:pk>/", views.WarningDetailView.as_view(), name="warning"),
    path("warnings/<int:pk>/handle/", views.WarningHandleView.as_view(), name="warning-handle"),
]
