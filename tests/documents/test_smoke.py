import pytest
from django.urls import reverse

from .conftest import add

pytestmark = pytest.mark.django_db


def test_smoke(world, documents_storage):
    document = add(world)
    version = document.versions.get()
    assert (documents_storage / version.file).is_file()
    client = world.client_for(world.lead)
    page = client.get(reverse("workspace:dossier-detail", args=[world.dossier.pk]))
    assert page.status_code == 200, page.content
    assert b"Rapport van school" in page.content
    response = client.get(reverse("documents:version-download", args=[version.pk]))
    assert response.status_code == 200
    print(response.headers)
    for name in ("document-detail",):
        assert client.get(reverse(f"documents:{name}", args=[document.pk])).status_code == 200
    assert client.get(reverse("documents:version-preview", args=[version.pk])).status_code == 200
    assert client.get(reverse("documents:version-inline", args=[version.pk])).status_code == 200
    assert client.get(reverse("documents:document-add", args=[world.dossier.pk])).status_code == 200
    family = world.client_for(world.family)
    assert family.get(reverse("documents:version-download", args=[version.pk])).status_code == 200
