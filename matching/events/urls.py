"""Matchmaking event pages (namespace ``events``), included at "" by config/urls.py."""

from django.urls import path

from matching.events import views

app_name = "events"

urlpatterns = [
    path("events/", views.event_list, name="list"),
    path("events/<int:pk>/", views.event_detail, name="detail"),
    path("events/<int:pk>/register/", views.event_register, name="register"),
    path("events/<int:pk>/preferences/", views.event_preferences, name="preferences"),
    path("events/<int:pk>/agenda/", views.agenda, name="agenda"),
    path("events/<int:pk>/agenda.ics", views.agenda_ics, name="agenda_ics"),
    path("events/<int:pk>/meetings/<int:meeting_id>/outcome/", views.meeting_outcome, name="meeting_outcome"),
]
