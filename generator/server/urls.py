from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import path, reverse

from . import views
from .roles import ADMIN, has_role


class OfficeAdminSite(admin.AdminSite):
    """Django's administration page (users, groups, the audit log) for the administrator role only: an anonymous
    request goes to the office's login page, a person of another role gets 403."""

    site_header = "ผู้ดูแลระบบ / administration"
    final_catch_all_view = False

    def has_permission(self, request):
        return request.user.is_active and request.user.is_staff and has_role(request.user, ADMIN)

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        def guarded(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not self.has_permission(request):
                raise PermissionDenied
            return inner(request, *args, **kwargs)
        guarded.roles = frozenset({ADMIN})
        return guarded

    def login(self, request, extra_context=None):
        if request.user.is_authenticated:
            if not self.has_permission(request):
                raise PermissionDenied
            return redirect("admin:index")
        return redirect(reverse("login") + "?next=" + reverse("admin:index"))

    def logout(self, request, extra_context=None):
        from .views import logout_view

        return logout_view(request)


site = OfficeAdminSite(name="admin")
for model, model_admin in admin.site._registry.items():
    site.register(model, type(model_admin))

handler403 = "generator.server.views.forbidden"
handler404 = "generator.server.views.not_found"
handler500 = "generator.server.views.server_error"

urlpatterns = [
    path("", views.rounds, name="rounds"),
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("new-round/", views.new_round, name="new-round"),
    path("rounds/<str:name>/", views.round_page, name="round"),
    path("rounds/<str:name>/edit/<str:kind>/<str:item>/", views.edit, name="edit"),
    path("rounds/<str:name>/edit/<str:kind>/<str:item>/check/", views.check, name="check"),
    path("rounds/<str:name>/build/", views.build, name="build"),
    path("rounds/<str:name>/jobs/<int:job_id>/", views.job_status, name="job"),
    path("rounds/<str:name>/files/<str:file>", views.download, name="download"),
    path("rounds/<str:name>/pages/<str:file>", views.page_image, name="page"),
    path("rounds/<str:name>/letters/<str:letter>/number/", views.number_letter, name="number"),
    path("rounds/<str:name>/returns/", views.returns, name="returns"),
    path("rounds/<str:name>/results/", views.make_results, name="results"),
    path("rounds/<str:name>/results/<str:file>", views.results_download, name="results-file"),
    path("rounds/<str:name>/templates/", views.templates, name="templates"),
    path("rounds/<str:name>/tables/", views.tables, name="tables"),
    path("rounds/<str:name>/templates/<str:file>", views.template_download, name="template"),
    path("register/", views.register, name="register"),
    path("register/issue/", views.issue, name="issue"),
    path("register/print/", views.register_print, name="register-print"),
    path("register/files/<str:file>", views.register_file, name="register-file"),
    path("register/void/", views.void, name="void"),
    path("audit/", views.audit_log, name="audit"),
    path("static/server/<str:path>", views.static_file, name="static"),
    path("admin/", site.urls),
]
