from django.urls import path

from trainees import certificate_views

urlpatterns = [
    path(
        "<str:number>/pdf/",
        certificate_views.certificate_pdf_download,
        name="certificate_pdf",
    ),
]
