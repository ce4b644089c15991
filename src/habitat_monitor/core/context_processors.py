from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, object]:
    from habitat_monitor.portal.contrast import high_contrast

    return {"languages": settings.LANGUAGES, "high_contrast": high_contrast(request)}
