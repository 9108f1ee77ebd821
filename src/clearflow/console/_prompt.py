"""A person at the console decides each step: the prompt, a reason, an outcome.

The walkthrough (:mod:`clearflow.console.walkthrough`) asks a :class:`PromptAnswerer`
when no scripted answer decides.
"""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.prompt import Prompt
from rich.text import Text

from clearflow._i18n import N_, Lang, Message, translate
from clearflow.console._answers import Decision, Verb
from clearflow.engine import AmountError, Case, Owed, read_amount
from clearflow.spec import Step, StepKind, service_for

PROMPT = N_("[c]lear  [r]efuse  [w]aive  [s]kip  [q]uit")
"""The choices at a step; the letters are the same in every language (c, r, w, s, q)."""


class PromptAnswerer:
    """Asks the staff member at the console."""

    interactive = True

    def __init__(self, console: Console, lang: Lang = "en") -> None:
        self.console = console
        self.lang: Lang = lang

    def decide(self, case: Case, step: Step) -> Decision:
        """Ask clear / refuse / waive / skip / quit, then a reason or outcome.

        End of input (Ctrl-D) quits, like ``q``.
        """
        try:
            return self._ask(case, step)
        except EOFError:
            self.console.print()
            return Decision(verb=Verb.STOP)

    def _ask(self, case: Case, step: Step) -> Decision:
        lang = self.lang
        if step.kind is StepKind.PREREQUISITE:
            service = service_for(case.engine.workflow, step.id, case.facts)
            self.console.print(
                Text(f"{step.label.text(lang)} · {service.text(lang)}", style="bold")
            )
        question = Text(translate(PROMPT, lang))  # Text: Rich would read "[c]" as markup
        choice = self._prompt(question, choices=["c", "r", "w", "s", "q"], default="c")
        if choice in ("r", "w"):
            reason = ""
            while not reason.strip():
                reason = self._prompt(Text(translate(N_("Reason"), lang)))
            if choice == "w":
                return Decision(verb=Verb.WAIVE, text=reason)
            return Decision(verb=Verb.REFUSE, text=reason, owed=self._owed())
        if choice == "c" and step.outcomes:
            outcomes = [outcome.id for outcome in step.outcomes]
            for number, outcome in enumerate(step.outcomes, start=1):
                self.console.print(
                    f"  {number}. {outcome.id}: {outcome.label.text(lang)}",
                    markup=False,
                )
            numbers = [str(number) for number in range(1, len(outcomes) + 1)]
            picked = self._prompt(  # the number shown or the outcome's id
                Text(Message("Outcome [1-{count}]", count=len(outcomes)).text(lang)),
                choices=[*numbers, *outcomes],
                default="1",
            )
            if picked in numbers:
                picked = outcomes[int(picked) - 1]
            return Decision(verb=Verb.CLEAR, text=picked)
        return Decision(verb={"c": Verb.CLEAR, "s": Verb.SKIP}.get(choice, Verb.STOP))

    def _owed(self) -> Owed | None:
        """The amount owed in yuan, asked again while it is not one; Enter: none."""
        question = Text(translate(N_("Amount owed in yuan (Enter: none)"), self.lang))
        while True:
            written = self._prompt(question).strip()
            if not written:
                return None
            try:
                return Owed(amount=read_amount(written))
            except AmountError as error:
                said = Message("{message} ({hint})", message=error.message, hint=error.hint)
                self.console.print(f"✗ {said.text(self.lang)}", style="red", markup=False)

    def _prompt(self, question: Text, choices: list[str] | None = None, default: str = "") -> str:
        """Ask at the terminal, ending the question as the language does (``: `` or ``：``)."""
        prompt = Prompt(question, console=self.console, choices=choices, show_choices=False)
        prompt.prompt_suffix = translate(N_(": "), self.lang)
        # Rich's own words for a wrong answer are English only.
        said = escape(translate(N_("Choose one of the options shown"), self.lang))
        prompt.illegal_choice_message = f"[prompt.invalid.choice]{said}"
        return prompt(default=default) if default else prompt()
