"""factory_boy factories. Workflow state is reached through the real services, never by assigning it."""

import factory
from django.contrib.auth.models import Group

from core.models import ClientOrganisation, User
from projects.models import Project, ProjectMember


class ClientOrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClientOrganisation
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"client-{n}")
    name = factory.Sequence(lambda n: f"Client organisation {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.test")
    password = factory.PostGenerationMethodCall("set_password", "pw-123456")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.set(Group.objects.filter(name__in=[str(r) for r in extracted]))
        if create:
            self.save()


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    code = factory.Sequence(lambda n: f"P-{n:04d}")
    name = factory.Sequence(lambda n: f"Project {n}")
    client = factory.SubFactory(ClientOrganisationFactory)


class ProjectMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectMember

    project = factory.SubFactory(ProjectFactory)
    user = factory.SubFactory(UserFactory)
    role = "planner"
