"""Staff management, policy chapter 5."""

from staff.models.appraisal import Appraisal, AppraisalCycle, AppraisalIndicator, StaffDecision
from staff.models.employee import Employee, sees_all_staff
from staff.models.recruitment import Candidate, InterviewNote, RecruitmentPlan
from staff.models.resignation import Handover, HandoverItem, Resignation
from staff.models.training import Attendance, OnboardingItem, TrainingSession

__all__ = [
    "Appraisal",
    "AppraisalCycle",
    "AppraisalIndicator",
    "Attendance",
    "Candidate",
    "Employee",
    "Handover",
    "HandoverItem",
    "InterviewNote",
    "OnboardingItem",
    "RecruitmentPlan",
    "Resignation",
    "StaffDecision",
    "TrainingSession",
    "sees_all_staff",
]
