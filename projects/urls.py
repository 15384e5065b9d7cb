from django.urls import path

from projects import views

app_name = "projects"
urlpatterns = [
    path("", views.ProjectListView.as_view(), name="list"),
    path("new/", views.ProjectCreateView.as_view(), name="create"),
    path("<int:pk>/", views.ProjectDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.ProjectUpdateView.as_view(), name="update"),
    path("<int:pk>/stage/", views.ProjectTransitionView.as_view(), name="transition"),
    path("<int:pk>/members/", views.ProjectMemberAddView.as_view(), name="member-add"),
]
