from django.urls import path

from . import views

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("<int:year>/<int:month>/<int:day>/<str:slug>/", views.article_detail, name="detail"),
    path("tags/<str:slug>/", views.tag_detail, name="tag"),
    path("preview/<int:pk>/", views.preview, name="preview"),
    path("preview/shared/<str:token>/", views.shared_preview, name="shared_preview"),
]
