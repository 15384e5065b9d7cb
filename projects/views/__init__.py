"""Project pages, by subject."""

from projects.views.acceptance import *  # noqa: F403
from projects.views.execution import *  # noqa: F403
from projects.views.intake import *  # noqa: F403
from projects.views.kpi import *  # noqa: F403
from projects.views.merit import *  # noqa: F403
from projects.views.planning import *  # noqa: F403
from projects.views.project import *  # noqa: F403
from projects.views.service import *  # noqa: F403
from projects.views.supervision import *  # noqa: F403
