from django.urls import path

from trainees import views

# Included under /accounts/ before allauth's own URLs, so the login view here wins.
urlpatterns = [
    path("login/", views.RateLimitedLoginView.as_view(), name="trainee_login"),
    path("login/code/", views.RateLimitedLoginCodeView.as_view(), name="trainee_login_code"),
    path("welcome/", views.welcome, name="trainee_welcome"),
    path("language/", views.language_choose, name="language_choose"),
]
