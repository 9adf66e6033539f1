"""Plain-data results: RuleInfo, Finding, Result."""

from dataclasses import dataclass, field
from typing import Optional, Tuple

__all__ = ["RuleInfo", "Finding", "Result", "ALLOW", "REVIEW", "BLOCK"]

ALLOW = "allow"
REVIEW = "review"
BLOCK = "block"

ACTIONS = (ALLOW, REVIEW, BLOCK)
SEVERITIES = ("low", "medium", "high", "critical")


def action_name(value):
    return ACTIONS[value] if 0 <= value < len(ACTIONS) else f"unknown({value})"


def severity_name(value):
    return SEVERITIES[value] if 0 <= value < len(SEVERITIES) else f"unknown({value})"


@dataclass(frozen=True)
class RuleInfo:
    """What a rule of a compiled pack is: ``index`` is its position in the pack
    (``rules.rule(index)``), ``id`` its unique name."""

    index: int
    id: str
    category: str
    description: str
    clauses: Tuple[str, ...]
    severity: str  # low | medium | high | critical
    category_index: int


@dataclass(frozen=True)
class Finding:
    """One rule matching one span of the message.

    ``start``/``end`` index the Python str that was scanned
    (``text[start:end] == match``); ``byte_start``/``byte_end`` are the same
    span as byte offsets into ``text.encode("utf-8", "surrogatepass")``,
    exactly as the C library and the command line report them.
    """

    rule: str                # rule id, e.g. "abuse.pinyin"
    category: str            # e.g. "abuse"
    clauses: Tuple[str, ...]  # policy clauses, e.g. ("4.1.1",)
    severity: str            # low | medium | high | critical
    action: str              # allow | review | block, in this message's context
    start: int
    end: int
    byte_start: int
    byte_end: int
    match: str               # text[start:end]
    rule_index: int          # for Rules.rule()

    def to_dict(self):
        """The finding as the command line prints it (byte offsets)."""
        return {
            "rule": self.rule,
            "category": self.category,
            "clauses": list(self.clauses),
            "severity": self.severity,
            "action": self.action,
            "start": self.byte_start,
            "end": self.byte_end,
            "match": self.match,
        }


@dataclass(frozen=True)
class Result:
    """The outcome for one message: ``verdict`` is the strongest action of the
    findings ("allow" when there are none). ``error`` is set (and the verdict
    is "allow") only for a message of a batch that could not be scanned, when
    the batch was asked to keep going (``errors="keep"``)."""

    verdict: str
    findings: Tuple[Finding, ...] = ()
    error: Optional[str] = field(default=None)

    @property
    def reasons(self):
        """The findings whose action is the verdict (their clauses are the
        clauses broken); empty for "allow"."""
        if self.verdict == ALLOW:
            return ()
        return tuple(f for f in self.findings if f.action == self.verdict)

    @property
    def clauses(self):
        """The policy clauses broken, in order of first appearance among the reasons."""
        seen = {}
        for f in self.reasons:
            for c in f.clauses:
                seen.setdefault(c, None)
        return tuple(seen)

    def to_dict(self):
        """The result as the command line prints it (without id and reasons)."""
        out = {"verdict": self.verdict, "findings": [f.to_dict() for f in self.findings]}
        if self.error is not None:
            out["error"] = self.error
        return out
