"""The flow step language, as pydantic models.

A flow is a list of one-key steps (`- fill: {label: "Ngày cấp", value: data.applicant.id_issue_date}`)
plus optional modifiers (`when:`; `steps:` under `within:`). Values that come from the dossier are
dotted paths (`data.…`, `attachments.…`, `account.…`); literal text goes under `text:` /
`option_text:`, so a typo in a path can never silently become a literal.
See flows/README.md for the full language.
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic.json_schema import JsonDict

PATH_ROOTS = ("data.", "attachments.", "account.")
SECRETS = ("username", "password", "passcode", "otp", "captcha")
#: For editors (JSON Schema): a data path, or a block's `${placeholder}` that becomes one.
PATH_PATTERN = r"^((data|attachments|account)\.|\$\{)"
_A_PATH: JsonDict = {"pattern": PATH_PATTERN}


def _check_path(value: str | None) -> str | None:
    if value is not None and not value.startswith(PATH_ROOTS):
        raise ValueError(
            f"{value!r} is not a data path; paths start with data., attachments. or "
            "account. (put literal text under `text:` / `option_text:`)"
        )
    return value


#: The ways a step may name an element; exactly one per target (`name` only with `role`).
#: `field` is the control a visible text labels even when nothing binds them (live portals).
LOCATOR_WAYS = ("button", "link", "heading", "tab", "label", "field", "placeholder", "text", "css", "role")


def _check_one_way(model: BaseModel, ways: tuple[str, ...]) -> None:
    named = [k for k in ways if getattr(model, k, None) is not None]
    if len(named) != 1:
        raise ValueError(
            f"name the element exactly one way: {', '.join(ways[:-1])} or {ways[-1]} "
            f"(+ name); got {named or 'none'}"
        )
    if getattr(model, "name", None) is not None and getattr(model, "role", None) is None:
        raise ValueError("`name` goes with `role`")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Target(_Strict):
    """One way to find an element: by role + accessible name, label, placeholder, text or CSS."""

    button: str | None = None
    link: str | None = None
    heading: str | None = None
    tab: str | None = None
    label: str | None = None
    field: str | None = None
    placeholder: str | None = None
    text: str | None = None
    css: str | None = None
    role: str | None = None
    name: str | None = None

    @model_validator(mode="after")
    def _one_way(self) -> Target:
        _check_one_way(self, LOCATOR_WAYS)
        return self

    def describe(self) -> str:
        for key in ("button", "link", "heading", "tab", "label", "field", "placeholder", "text", "css"):
            if getattr(self, key) is not None:
                return f"{key} {getattr(self, key)!r}"
        return f"role {self.role} {self.name!r}"


class Located(_Strict):
    """A step argument that names an element, with ordered fallbacks."""

    button: str | None = None
    link: str | None = None
    heading: str | None = None
    tab: str | None = None
    label: str | None = None
    field: str | None = None
    placeholder: str | None = None
    css: str | None = None
    role: str | None = None
    name: str | None = None
    fallbacks: list[Target] = Field(default_factory=list)

    #: Whether `text:` names the element (a click on a text) or is the value to type/choose.
    _text_locates: ClassVar[bool] = False

    @model_validator(mode="after")
    def _one_way(self) -> Located:
        _check_one_way(
            self, LOCATOR_WAYS if self._text_locates else tuple(w for w in LOCATOR_WAYS if w != "text")
        )
        return self

    def target(self) -> Target:
        keys = ("button", "link", "heading", "tab", "label", "field", "placeholder", "css", "role", "name")
        return Target(**{k: getattr(self, k) for k in keys if getattr(self, k) is not None})

    def targets(self) -> list[Target]:
        return [self.target(), *self.fallbacks]

    @property
    def shown_name(self) -> str | None:
        """The name a person reads next to the control (a bound label or the text before it):
        what the review page shows it as."""
        return self.label if self.label is not None else self.field

    # `text:` is declared by the subclasses that take it.


class GotoArgs(_Strict):
    portal: str
    path: str = "/"


class ClickArgs(Located):
    _text_locates: ClassVar[bool] = True
    text: str | None = None
    optional: bool = False  # click only if present (e.g. a dialog that may not appear)


class FillArgs(Located):
    value: str | None = Field(default=None, json_schema_extra=_A_PATH)
    text: str | None = None
    secret: Literal["username", "password", "passcode", "otp", "captcha"] | None = None

    _path = field_validator("value")(classmethod(lambda cls, v: _check_path(v)))

    @model_validator(mode="after")
    def _one_source(self) -> FillArgs:
        if sum(x is not None for x in (self.value, self.text, self.secret)) != 1:
            raise ValueError("give exactly one of value (a data path), text (literal) or secret")
        return self


class ChooseArgs(Located):
    value: str | None = Field(default=None, json_schema_extra=_A_PATH)
    text: str | None = None
    native: bool = False  # deprecated, ignored: whether the control is a <select> is read at run time
    # How a portal words the value (“Thành phố Hà Nội” for “Hà Nội”) is the route's vocabulary,
    # flows/<route>/vocabulary.yaml, never a per-step setting.

    _path = field_validator("value")(classmethod(lambda cls, v: _check_path(v)))

    @model_validator(mode="after")
    def _one_source(self) -> ChooseArgs:
        if (self.value is None) == (self.text is None):
            raise ValueError("give exactly one of value (a data path) or text (literal)")
        return self


class CheckArgs(_Strict):
    """Radio: `{group, option}`; checkbox: `{label, value?}` (value = a boolean data path).
    Where no fieldset holds the options, `{field, option}` names them by the text before them."""

    group: str | None = None
    field: str | None = None
    option: str | None = Field(default=None, json_schema_extra=_A_PATH)
    option_text: str | None = None
    label: str | None = None
    value: str | None = Field(default=None, json_schema_extra=_A_PATH)
    fallbacks: list[Target] = Field(default_factory=list)

    _path = field_validator("option", "value")(classmethod(lambda cls, v: _check_path(v)))

    @model_validator(mode="after")
    def _shape(self) -> CheckArgs:
        radio = self.option is not None or self.option_text is not None
        if radio and (self.option is not None) == (self.option_text is not None):
            raise ValueError("a radio choice takes one of option (data path) or option_text")
        if radio and self.label is not None:
            raise ValueError("use `group` + `option` for radios, `label` (+ `value`) for checkboxes")
        if radio and (self.group is None) == (self.field is None):
            raise ValueError("a radio choice names its options by `group` (a fieldset) or `field`")
        if not radio and self.label is None:
            raise ValueError(
                "name the checkbox with `label`, or the radio group with `group` (or `field`) + `option`"
            )
        if not radio and (self.group is not None or self.field is not None):
            raise ValueError("`group` / `field` take an `option` (data path) or `option_text`")
        if radio and self.value is not None:
            raise ValueError("`value` is for checkboxes; radios take `option`")
        return self


class UploadArgs(_Strict):
    """Legacy: the row's own file input (`label`). Live portals: a per-row `button` that opens
    the file chooser of one shared input, or a dialog (the MoJ wallet) where `then:` buttons are
    pressed before the file is given and `confirm` after; done when the row shows the file."""

    row: str
    file: str = Field(json_schema_extra={"pattern": r"^(attachments\.|\$\{)"})
    label: str = "Chọn tệp tin"
    button: str | None = None
    then: list[str] = Field(default_factory=list)
    confirm: str | None = None

    @field_validator("file")
    @classmethod
    def _attachment(cls, v: str) -> str:
        if not v.startswith("attachments."):
            raise ValueError(f"{v!r}: upload takes an attachments.<key> path")
        return v


class WaitArgs(_Strict):
    ready: bool = False
    visible: Target | None = None
    hidden: Target | None = None
    url: str | None = None
    timeout_ms: int | None = None


class ExpectArgs(Located):
    _text_locates: ClassVar[bool] = True
    text: str | None = None
    timeout_ms: int | None = None


class ReviewArgs(_Strict):
    ignore: list[str] = Field(default_factory=list)  # labels shown on review but not compared


class SubmitArgs(Located):
    _text_locates: ClassVar[bool] = True
    text: str | None = None
    confirm_via: Target | None = None


class ReceiptArgs(_Strict):
    code: str = "Mã hồ sơ"
    appointment: str | None = "Ngày hẹn trả"
    expect: Target | None = None  # heading or toast that proves success


class UseArgs(_Strict):
    """`use: {block: blocks/hanoi/person, with: {who: data.bride, legend: "Thông tin bên nữ"}}`:
    a block with `${who}`-style placeholders filled in (a string `use:` takes no parameters)."""

    block: str
    with_: dict[str, str] = Field(default_factory=dict, alias="with")


#: Ways to scope steps: a fieldset, a table row, a dialog, a region from a heading or text to
#: the next one of its kind (`section`), a frame by title or by a piece of its URL, CSS.
SCOPE_WAYS = ("group", "row", "dialog", "section", "frame", "frame_url", "css")


class WithinArgs(_Strict):
    group: str | None = None
    row: str | None = None
    dialog: str | None = None
    section: str | None = None
    frame: str | None = None
    frame_url: str | None = None
    css: str | None = None

    @model_validator(mode="after")
    def _one(self) -> WithinArgs:
        if sum(getattr(self, k) is not None for k in SCOPE_WAYS) != 1:
            raise ValueError(f"within takes exactly one of {', '.join(SCOPE_WAYS)}")
        return self

    def describe(self) -> str:
        return next(f"{k} {getattr(self, k)!r}" for k in SCOPE_WAYS if getattr(self, k) is not None)


class Equals(_Strict):
    equals: tuple[str, Any]

    _path = field_validator("equals")(classmethod(lambda cls, v: (_check_path(v[0]), v[1])))


class Not(_Strict):
    not_: Condition = Field(alias="not")


class AllOf(_Strict):
    all: list[Condition]


class AnyOf(_Strict):
    any: list[Condition]


class Visible(_Strict):
    visible: Target


Condition = str | Equals | Not | AllOf | AnyOf | Visible
Not.model_rebuild()
AllOf.model_rebuild()
AnyOf.model_rebuild()

#: step kind → model of its argument
STEP_ARGS: dict[str, Any] = {
    "goto": GotoArgs,
    "click": ClickArgs,
    "fill": FillArgs,
    "choose": ChooseArgs,
    "check": CheckArgs,
    "upload": UploadArgs,
    "wait": WaitArgs,
    "expect": ExpectArgs,
    "review": ReviewArgs,
    "submit": SubmitArgs,
    "receipt": ReceiptArgs,
    "use": str | UseArgs,
    "within": WithinArgs,
    "exit_if": Target,
}
MODIFIERS = ("when", "steps")


class Step(_Strict):
    """One parsed step, with where it was written."""

    kind: str
    args: Any
    when: Condition | None = None
    steps: list[Step] = Field(default_factory=list)
    source: str = ""  # "flows/hanoi/x.yaml:12"

    def __str__(self) -> str:  # for logs
        return f"{self.kind} @ {self.source}"


class FlowHeader(_Strict):
    """Top-level keys of a procedure flow (steps are parsed separately to keep line numbers)."""

    procedure: str
    portal: str
    title: str  # procedure name as the catalogue and "Hồ sơ của tôi" show it
    code: str | None = None  # procedure code, e.g. 1.000656
    sign_in: str  # block that signs in (and skips when already signed in)
    my_dossiers: str  # block that opens "Hồ sơ của tôi"
    #: block run when going back to a checkpoint lands on a sign-in or consent page instead: a
    #: portal whose session another grants (the Ministry's wizard, entered from the national portal)
    re_enter: str | None = None
    match: list[str] = Field(
        default_factory=list,  # paths recognising the dossier on its detail page
        json_schema_extra={"items": {"type": "string", **_A_PATH}},
    )
    #: model fields no step types, each with the reason the portal never gets it (flows/README.md)
    not_on_portal: dict[str, str] = Field(
        default_factory=dict,
        json_schema_extra={
            "propertyNames": {"pattern": r"^(data|attachments)\."},
            "additionalProperties": {"type": "string", "pattern": r"\S"},
        },
    )
    steps: list[Any]
    description: str | None = None

    _paths = field_validator("match")(classmethod(lambda cls, v: [_check_path(p) for p in v]))


class BlockHeader(_Strict):
    block: str
    portal: str
    steps: list[Any]
    description: str | None = None
