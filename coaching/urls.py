from django.urls import path

from coaching.views import home, worksheets

app_name = "coaching"

urlpatterns = [
    path("", home.home, name="home"),
    path("worksheets/", worksheets.worksheet_list, name="worksheet_list"),
    path("worksheets/new/", worksheets.worksheet_new, name="worksheet_new"),
    path("worksheets/<int:pk>/", worksheets.worksheet_detail, name="worksheet_detail"),
    path("worksheets/<int:pk>/delete/", worksheets.worksheet_delete, name="worksheet_delete"),
]
