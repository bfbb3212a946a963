"""找人才 pages (namespace ``talent``), included at "" by config/urls.py.

The paths ``/talent/jobs/<id>/`` and ``/talent/jobs/recommended/`` are the links that
notifications carry (matching.talent.services); keep them.
"""

from django.urls import path

from matching.talent import views

app_name = "talent"

urlpatterns = [
    path("talent/", views.home, name="home"),
    # enterprise: postings and their talents
    path("talent/jobs/", views.job_list, name="job_list"),
    path("talent/jobs/new/", views.job_edit, name="job_create"),
    path("talent/jobs/<int:pk>/", views.job_detail, name="job_detail"),
    path("talent/jobs/<int:pk>/edit/", views.job_edit, name="job_edit"),
    path("talent/jobs/<int:pk>/end/", views.job_end, name="job_end"),
    path("talent/jobs/<int:pk>/reopen/", views.job_reopen, name="job_reopen"),
    path("talent/jobs/<int:pk>/matches/<int:match_id>/interest/", views.employer_interest, name="employer_interest"),
    # talent: recommended jobs, answers, privacy rights
    path("talent/jobs/recommended/", views.recommended, name="recommended"),
    path("talent/matches/<int:match_id>/apply/", views.talent_apply, name="apply"),
    path("talent/matches/<int:match_id>/accept/", views.talent_accept, name="accept"),
    path("talent/matches/<int:match_id>/decline/", views.talent_decline, name="decline"),
    path("talent/blocks/", views.blocks, name="blocks"),
    path("talent/my-data/", views.my_data, name="my_data"),
    path("talent/my-data/export/", views.export, name="export"),
    path("talent/my-data/delete/", views.erase, name="erase"),
]
