from django.urls import path

from risk import views

app_name = "risk"
urlpatterns = [
    path("", views.RiskListView.as_view(), name="risks"),
    path("new/", views.RiskRecordView.as_view(), name="risk-record"),
    path("<int:pk>/", views.RiskDetailView.as_view(), name="risk"),
    path("<int:pk>/assess/", views.RiskAssessView.as_view(), name="risk-assess"),
    path("<int:pk>/responses/", views.ResponseProposeView.as_view(), name="response-propose"),
    path("<int:pk>/close/", views.RiskCloseView.as_view(), name="risk-close"),
    path("responses/<int:pk>/transition/", views.ResponseTransitionView.as_view(), name="response-transition"),
    path("responses/<int:pk>/checks/", views.CheckRecordView.as_view(), name="check-record"),
    path("heatmap/", views.HeatmapView.as_view(), name="heatmap"),
    path("project/<int:pk>/", views.ProjectRisksView.as_view(), name="project"),
    path("reviews/", views.ReviewListView.as_view(), name="reviews"),
    path("reviews/<int:pk>/complete/", views.ReviewCompleteView.as_view(), name="review-complete"),
    path("indicators/", views.IndicatorListView.as_view(), name="indicators"),
    path("indicators/readings/", views.ReadingRecordView.as_view(), name="reading-record"),
    path("warnings/", views.WarningListView.as_view(), name="warnings"),
    path("warnings/<int:pk>/", views.WarningDetailView.as_view(), name="warning"),
    path("warnings/<int:pk>/handle/", views.WarningHandleView.as_view(), name="warning-handle"),
]
