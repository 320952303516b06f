from django.urls import path  # noqa: F401

from pembinaan import views  # noqa: F401

app_name = "pembinaan"

urlpatterns: list = []
