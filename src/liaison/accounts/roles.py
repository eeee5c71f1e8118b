"""The roles every installation starts with, one per person of DESIGN.md's table of users.

They are data: an administrator renames them, narrows or widens their rules, or adds roles.
Migration 0003 wrote this table once; `install_default_roles` writes what is missing of it
(a database emptied by a test, say).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_noop

from liaison.core.choices import Confidentiality

from .choices import RoleKind, Scope

ALL_ACTIONS = ["view", "add", "change", "delete"]
ACCOUNT_MODELS = [
    "accounts.user",
    "accounts.role",
    "accounts.rule",
    "accounts.roleassignment",
    "accounts.invitation",
    "accounts.auditevent",
]
# What belongs to a center, for its manager to change.
CENTER_MODELS = [
    "centers.centerpartner",
    "centers.committee",
    "centers.appointment",
    "agreements.agreementparty",
    "agreements.paymentmilestone",
    "agreements.agreementattachment",
    "achievements.achievement",
    "achievements.stageentry",
    "needs.matchcandidate",
    "needs.servicerecord",
    "needs.needattachment",
    "needs.needmessage",
    "financing.financinground",
    "financing.roundinvestor",
    "disclosures.disclosure",
    "disclosures.disclosureinventor",
    "disclosures.disclosurefunding",
    "disclosures.disclosureattachment",
    "patents.patent",
    "patents.feepayment",
    "patents.officeaction",
    "incubation.incubation",
    "incubation.incubationmilestone",
    "incubation.incubationresource",
    "training.trainee",
    "training.supervision",
]
# An incubated company's own record at the incubator, and a student's own training.
INCUBATION_MODELS = [
    "incubation.incubation",
    "incubation.incubationmilestone",
    "incubation.incubationresource",
]
TRAINING_MODELS = ["training.trainee", "training.supervision"]
# A disclosure is the researcher's own until the office decides on it: they submit it, name its
# inventors and funding and attach its documents.
DISCLOSURE_MODELS = [
    "disclosures.disclosure",
    "disclosures.disclosureinventor",
    "disclosures.disclosurefunding",
    "disclosures.disclosureattachment",
]
# Income and rewards are confidential: outside "*" (their scoping says `domain=False`), named
# for the roles that handle or read them; a researcher sees their own share of a reward only.
MONEY_MODELS = [
    "transfer.income",
    "transfer.cost",
    "transfer.rewardpolicy",
    "transfer.reward",
    "transfer.rewardshare",
]
# The market around the institute. A broker's commission is money: outside "*" like the money
# models, handled by staff, read by leadership, and by the broker their own.
COMMISSION_MODELS = ["brokers.commissionpayment"]
# A broker's own record: their profile, the deals they are party to, the needs they introduced.
BROKER_MODELS = ["brokers.broker", "brokers.brokerengagement", "brokers.introduction"]
# Applications to an open call are confidential to their applicant, the enterprise whose need
# the call publishes, and the office: outside "*" too. Their reviews are the enterprise's and
# the office's (their scoping reaches no applicant).
APPLICATION_MODELS = [
    "opencalls.callapplication",
    "opencalls.callattachment",
    "opencalls.callreview",
]
# Events the institute holds are public to whoever it lets in; registering for one is the
# organization's own.
EVENT_MODELS = ["market.marketevent", "market.eventachievement", "market.eventneed"]
# An enterprise's own records, which its users see.
ENTERPRISE_SEES = [
    "organizations.organization",
    "agreements.agreement",
    "agreements.agreementparty",
    "agreements.paymentmilestone",
    "agreements.agreementattachment",
    "needs.servicerecord",
    "achievements.achievement",
    "achievements.stageentry",
    *INCUBATION_MODELS,
]

DEFAULT_ROLES: list[dict[str, Any]] = [
    {
        "name": gettext_noop("Office staff"),
        "kind": RoleKind.STAFF,
        "clearance": Confidentiality.CONFIDENTIAL,
        "sees_contacts": True,
        "description": gettext_noop(
            "Partners, agreements, ceremonies, needs intake and triage, services, reports."
        ),
        "rules": [
            (["*"], ALL_ACTIONS, Scope.ALL),
            (["accounts.invitation"], ["view", "add", "change"], Scope.ALL),
            (MONEY_MODELS, ALL_ACTIONS, Scope.ALL),
            (COMMISSION_MODELS + APPLICATION_MODELS, ALL_ACTIONS, Scope.ALL),
        ],
    },
    {
        "name": gettext_noop("Center manager"),
        "kind": RoleKind.CENTER_MANAGER,
        "clearance": Confidentiality.INTERNAL,
        "sees_contacts": False,
        "description": gettext_noop(
            "Their centers: agreements, committee, people, achievements, needs assigned to them."
        ),
        "rules": [
            (["*"], ["view"], Scope.ALL),
            # A center's agreement is the one that founded it: changed, never added, here.
            (
                ["centers.center", "needs.technicalneed", "agreements.agreement"],
                ["change"],
                Scope.CENTERS,
            ),
            (["agreements.agreement"], ["delete"], Scope.CENTERS),
            (CENTER_MODELS, ALL_ACTIONS, Scope.CENTERS),
            # A center applies to an open call as a team.
            (APPLICATION_MODELS, ["view", "add", "change"], Scope.CENTERS),
        ],
    },
    {
        "name": gettext_noop("Researcher"),
        "kind": RoleKind.RESEARCHER,
        "clearance": Confidentiality.INTERNAL,
        "sees_contacts": False,
        "description": gettext_noop(
            "Own profile and expertise, needs matched to them, own achievements."
        ),
        "rules": [
            (["people.person"], ["view", "change"], Scope.OWN),
            (["people.affiliation"], ["view"], Scope.OWN),
            (["needs.technicalneed"], ["view"], Scope.OWN),
            (["needs.matchcandidate"], ["view", "change"], Scope.OWN),
            (["achievements.achievement", "achievements.stageentry"], ["view"], Scope.OWN),
            (DISCLOSURE_MODELS, ["view", "add", "change"], Scope.OWN),
            # The office's dated handling of their disclosures, written by its services only.
            (["disclosures.disclosureevent"], ["view"], Scope.OWN),
            (["patents.patent"], ["view"], Scope.OWN),
            (["transfer.rewardshare"], ["view"], Scope.OWN),
            (TRAINING_MODELS, ["view"], Scope.OWN),
            # They answer open calls with a proposal of their own.
            (["opencalls.opencall"], ["view"], Scope.ALL),
            (APPLICATION_MODELS, ["view", "add", "change"], Scope.OWN),
        ],
    },
    {
        "name": gettext_noop("Enterprise user"),
        "kind": RoleKind.ENTERPRISE,
        "clearance": Confidentiality.SECRET,  # its own records only, its secret needs too
        "sees_contacts": False,
        "description": gettext_noop(
            "Submits technical needs, follows them, sees its own agreements and services."
        ),
        "rules": [
            (ENTERPRISE_SEES, ["view"], Scope.ORGANIZATION),
            (["needs.technicalneed"], ["view", "add", "change"], Scope.ORGANIZATION),
            (["needs.needattachment", "needs.needmessage"], ["view", "add"], Scope.ORGANIZATION),
            # The institute's events, and registering for them from the portal.
            (EVENT_MODELS, ["view"], Scope.ALL),
            (["market.eventattendance"], ["view", "add", "change"], Scope.ORGANIZATION),
            # The open calls publishing their needs, and the applications to them (or their own
            # applications to another's call).
            (["opencalls.opencall"], ["view"], Scope.ALL),
            (APPLICATION_MODELS, ["view", "add", "change"], Scope.ORGANIZATION),
        ],
    },
    {
        "name": gettext_noop("Leadership"),
        "kind": RoleKind.LEADERSHIP,
        "clearance": Confidentiality.CONFIDENTIAL,
        "sees_contacts": False,
        "description": gettext_noop("Dashboards and reports, read-only."),
        "rules": [
            (["*"], ["view"], Scope.ALL),
            # Reading the figures, leadership keeps the reports it states (its own).
            (["reports.savedreport"], ["add", "change", "delete"], Scope.OWN),
            (MONEY_MODELS + COMMISSION_MODELS, ["view"], Scope.ALL),
        ],
    },
    {
        "name": gettext_noop("Technology broker"),
        "kind": RoleKind.RESEARCHER,
        "clearance": Confidentiality.INTERNAL,
        "sees_contacts": False,
        "description": gettext_noop(
            "Their own broker record: the needs they introduced, the deals they are party to "
            "and their commission; the institute's events."
        ),
        "rules": [
            # Their own person: the page they land on shows their record as a broker.
            (["people.person"], ["view", "change"], Scope.OWN),
            (BROKER_MODELS, ["view"], Scope.OWN),
            (["brokers.broker"], ["change"], Scope.OWN),
            (["brokers.introduction"], ["add", "change"], Scope.OWN),
            (COMMISSION_MODELS, ["view"], Scope.OWN),
            (EVENT_MODELS, ["view"], Scope.ALL),
        ],
    },
    {
        "name": gettext_noop("Administrator"),
        "kind": RoleKind.ADMINISTRATOR,
        "clearance": Confidentiality.SECRET,
        "sees_contacts": True,
        "description": gettext_noop("Users, roles, settings, imports, backups."),
        "rules": [
            (["*"], ALL_ACTIONS, Scope.ALL),
            (ACCOUNT_MODELS, ALL_ACTIONS, Scope.ALL),
            (MONEY_MODELS, ALL_ACTIONS, Scope.ALL),
            (APPLICATION_MODELS, ALL_ACTIONS, Scope.ALL),
            (COMMISSION_MODELS, ALL_ACTIONS, Scope.ALL),
        ],
    },
]


def install_default_roles() -> None:
    """Write the default roles that are missing, with their rules."""
    from .models import Role, Rule

    for spec in DEFAULT_ROLES:
        role, created = Role.objects.get_or_create(
            kind=spec["kind"],
            name=spec["name"],
            defaults={
                "clearance": spec["clearance"],
                "sees_contacts": spec["sees_contacts"],
                "description": spec["description"],
            },
        )
        if created:
            Rule.objects.bulk_create(
                Rule(role=role, record_types=list(types), actions=list(actions), scope=scope)
                for types, actions, scope in spec["rules"]
            )
