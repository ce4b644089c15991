"""Routes to enter assessments (form, spreadsheet), added to ``typology.urls``'s list."""

from django.urls import path

from habitat_monitor.typology import entry_views

entry_patterns = [
    path(
        "typology/rounds/<str:code>/assessments/new/",
        entry_views.new_assessment,
        name="assessment_new",
    ),
    path(
        "typology/assessments/<int:pk>/edit/", entry_views.edit_assessment, name="assessment_edit"
    ),
    path(
        "typology/rounds/<str:code>/template.xlsx",
        entry_views.template_file,
        name="assessment_template",
    ),
    path("typology/rounds/<str:code>/import/", entry_views.import_file, name="assessment_import"),
]
