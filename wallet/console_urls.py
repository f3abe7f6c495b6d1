"""The staff console's security desk: /<lang>/console/security/… (agents; the audit log for
supervisors)."""

from django.urls import path

from wallet import console_views as views

app_name = "wallet_console"

urlpatterns = [
    path("audit/", views.audit_log, name="audit"),
    path("<str:kind>/<int:conversation_id>/", views.conversation, name="conversation"),
    path("<str:kind>/<int:conversation_id>/verify/", views.verify, name="verify"),
    path("<str:kind>/<int:conversation_id>/freeze/", views.freeze, name="freeze"),
    path("<str:kind>/<int:conversation_id>/unfreeze/", views.unfreeze, name="unfreeze"),
    path("<str:kind>/<int:conversation_id>/closure/", views.closure, name="closure"),
    path(
        "<str:kind>/<int:conversation_id>/closure/<str:step>/",
        views.closure_step,
        name="closure-step",
    ),
    path(
        "<str:kind>/<int:conversation_id>/transactions/<str:number>/",
        views.transaction_detail,
        name="transaction",
    ),
]
