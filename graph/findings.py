"""What validation found: each broken rule as a finding, in German and English, and the
report of a write that the write path, the forms, the import and the command line show.

Kept apart from the validator so that the places that only read or render a report (the
forms' messages, the server link, the erasure) need none of the checking machinery.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .errors import InvalidDataError
from .namespaces import curie


@dataclass(frozen=True)
class Finding:
    """One result: which node broke which rule, in both languages."""

    severity: str  # "violation" | "warning" | "info"
    node: str
    path: str | None
    shape: str
    message_de: str
    message_en: str
    value: str | None = None
    component: str | None = None

    def render(self) -> str:
        label = {"violation": "Verstoß / violation", "warning": "Warnung / warning"}.get(
            self.severity, "Hinweis / info"
        )
        where = curie(self.node) + (f"  {curie(self.path)}" if self.path else "")
        value = f"  (Wert / value: {self.value})" if self.value else ""
        return (
            f"- {label}: {where}{value}\n"
            f"    de: {self.message_de}\n"
            f"    en: {self.message_en}\n"
            f"    Regel / rule: {self.rule}"
        )

    @property
    def rule(self) -> str:
        """The shape by name, or for an anonymous property shape the constraint it broke."""
        parts = []
        if self.shape.startswith("http"):
            parts.append(curie(self.shape))
        if self.component:
            parts.append(curie(self.component).replace("sh:", "sh:", 1))
        return " ".join(parts) or "SHACL"


@dataclass
class ValidationReport:
    findings: list[Finding] = field(default_factory=list)

    @property
    def violations(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "violation"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity != "violation"]

    @property
    def conforms(self) -> bool:
        return not self.violations

    def render(self, *, limit: int = 50) -> str:
        ordered = self.violations + self.warnings
        lines = [f.render() for f in ordered[:limit]]
        if len(ordered) > limit:
            rest = len(ordered) - limit
            lines.append(f"... {rest} weitere / {rest} more")
        return "\n".join(lines)

    def raise_for_violations(self) -> None:
        if self.violations:
            raise ValidationFailed(self)


class ValidationFailed(InvalidDataError):
    """A write broke one or more rules; nothing was stored. Carries the full report."""

    def __init__(self, report: ValidationReport) -> None:
        self.report = report
        n = len(report.violations)
        super().__init__(
            f"{n} Verstoß/Verstöße gegen die Regeln; nichts wurde gespeichert.",
            f"{n} violation(s) of the rules; nothing was stored.",
        )

    def bilingual(self) -> str:
        return super().bilingual() + "\n" + self.report.render()
