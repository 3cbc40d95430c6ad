from django.apps import AppConfig


class ServerConfig(AppConfig):
    name = "generator.server"
    label = "server"
    verbose_name = "สำนักงาน / office server"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import audit  # noqa: F401  (its signal handlers log changes to users and groups)
