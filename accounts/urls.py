from django.contrib.auth.views import LogoutView
from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.account, name="account"),
    path("login/", views.RateLimitedLoginView.as_view(), name="login"),
    path("logout/", LogoutView.as_view(), name="logout"),
    path("signup/", views.signup, name="signup"),
    path("email/check/", views.email_check, name="email-check"),
    path("email/resend/", views.email_resend, name="email-resend"),
    path("email/change/", views.email_change, name="email-change"),
    # The token is secret: helpcenter.access_log redacts it from the access log.
    path("email/confirm/<str:token>/", views.email_confirm, name="email-confirm"),
    path("close/", views.deactivate, name="deactivate"),
    path("password-reset/", views.PasswordResetRequestView.as_view(), name="password-reset"),
    path("password-reset/sent/", views.PasswordResetSentView.as_view(), name="password-reset-done"),
    # Django's view puts the token in the session and redirects to .../set-password/; the
    # access log redacts the segment after the user id.
    path(
        "reset/<uidb64>/<token>/",
        views.PasswordResetSetView.as_view(),
        name="password-reset-confirm",
    ),
    path("reset/done/", views.PasswordResetFinishedView.as_view(), name="password-reset-complete"),
]
