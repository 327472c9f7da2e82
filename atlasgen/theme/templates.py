"""The one Jinja environment: theme templates, overridden by the site's own templates/.

Autoescaping is on and undefined names are errors (StrictUndefined), so a mistyped
field fails the build with the template's file and line instead of rendering nothing.
"""

from __future__ import annotations

import hashlib
import re
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import jinja2
from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
    select_autoescape,
)
from markupsafe import Markup

from .. import __version__
from .._compat.jinja import AtlasEnvironment
from ..core.cache.signing import Signer
from ..core.errors import Diagnostic, error, fail
from ..core.urls import href
from .compiled import SignedBytecodeCache
from .i18n import FALLBACK, I18N, Translator, english

BUILTIN_THEMES = Path(__file__).parent.parent / "themes"
ATLAS = BUILTIN_THEMES / "atlas"  #: the built-in theme


@dataclass(frozen=True)
class Theme:
    name: str
    root: Path  #: the theme folder: templates/ and static/ below it
    site_templates: Path  #: the site's templates/ folder (may not exist)

    @property
    def static_dir(self) -> Path:
        return self.root / "static"

    @property
    def template_dirs(self) -> tuple[Path, ...]:
        return (self.site_templates, self.root / "templates")

    @property
    def strings_root(self) -> Path:
        """The theme whose i18n/ catalogs this one uses: its own, else (a theme made
        before themes had catalogs) the built-in Atlas theme's."""
        return self.root if (self.root / I18N / f"{FALLBACK}.toml").is_file() else ATLAS

    @property
    def strings_label(self) -> str:
        """How messages name the folder of `strings_root`."""
        root = self.strings_root
        if root.is_relative_to(BUILTIN_THEMES):
            return f"atlasgen/themes/{root.name}"
        return f"themes/{root.name}"


def find_theme(site_dir: Path, name: str) -> Theme:
    """The site's themes/<name>/ first, then the theme shipped inside atlasgen."""
    for root in (site_dir / "themes" / name, BUILTIN_THEMES / name):
        if (root / "templates").is_dir():
            return Theme(name, root, site_dir / "templates")
    shipped = ", ".join(sorted(p.name for p in BUILTIN_THEMES.iterdir() if p.is_dir()))
    fail(
        error(
            "site.toml",
            0,
            "theme",
            f"no theme {name!r}",
            f"looked in themes/{name}/ and the built-in themes: {shipped}",
        )
    )


def make_environment(
    theme: Theme,
    base_path: str,
    assets: Mapping[str, str] | None = None,
    compiled: Path | None = None,
    signer: Signer | None = None,
    translator: Translator | None = None,
) -> Environment:
    """`assets` maps the theme's static files to their fingerprinted names (assets.py):
    `asset('atlas.css')` then links `/static/atlas.<hash>.css`; other paths link as is.
    `compiled`: a folder (in the build cache) that keeps compiled templates between
    builds; Jinja checks each against its template's source, and the folder is per
    atlasgen version, so a change of version or of environment options starts afresh.
    `translator`: the interface strings, `t(...)` in templates (i18n.py); English when
    none is given."""
    env = AtlasEnvironment(
        loader=ChoiceLoader([FileSystemLoader(str(d)) for d in theme.template_dirs]),
        autoescape=select_autoescape(["html", "xml"], default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
        cache_size=-1,  # a dict: a theme has a few dozen templates, looked up on every page
    )
    names = dict(assets or {})
    links: dict[str, str] = {}

    def asset(path: str) -> str:
        found = links.get(path)
        if found is None:
            name = path.lstrip("/")
            found = links[path] = href(base_path, "/static/" + names.get(name, name))
        return found

    env.globals["asset"] = asset
    env.globals["partial"] = partials(env)
    env.globals["t"] = translator if translator is not None else english(theme.strings_root)
    if compiled is not None:
        signer = signer or Signer()
        # A folder per key too: another machine's files are not read (nor taken for forged).
        options = (__version__, jinja2.__version__, env.trim_blocks, env.lstrip_blocks)
        tag = hashlib.sha256(repr((options, signer.key_id)).encode()).hexdigest()[:16]
        folder = compiled / tag
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:  # a read-only cache folder: compile every time
            return env
        env.bytecode_cache = SignedBytecodeCache(folder, signer)
    return env


PARTIALS_KEPT = 30_000  #: rendered partials one environment keeps (cards, mostly)


def partials(env: Environment) -> Callable[..., Markup]:
    """`partial(...)`: HTML that depends on its arguments alone, made once per build for
    each distinct call and then reused. The header, the footer and the story cards repeat
    on thousands of pages; this makes each repeat cost a lookup instead of a render.

    - `partial("partials/header.html", site=site, ...)`: that template rendered with
      exactly these values and the globals; it sees nothing of the page that calls it
      (an undefined name is an error).
    - `partial(card, item, level=2)`: a call of a macro imported without context
      (`{% from "partials/card.html" import card %}`), which sees only its arguments.

    Arguments must be hashable to be reused (views are frozen dataclasses); a call with
    another, such as a dict, is rendered every time."""
    made: dict[tuple[object, ...], Markup] = {}

    def render(what: object, args: tuple[object, ...], values: dict[str, object]) -> Markup:
        if isinstance(what, str):
            if args:
                raise TypeError(f"partial({what!r}, ...) takes its values by name")
            return Markup(env.get_template(what).render(values))
        if not callable(what):
            raise TypeError(f"partial() takes a template name or a macro, not {what!r}")
        html = what(*args, **values)
        return html if type(html) is Markup else Markup(html)  # a macro's is Markup already

    def partial(what: object, *args: object, **values: object) -> Markup:
        # Types too: 1 == True, yet {{ 1 }} and {{ True }} differ. The number of
        # positional arguments marks where the named ones start (each name, value, type).
        parts = [what, len(args)]
        for arg in args:
            parts += (arg, type(arg))
        for name, value in values.items():
            parts += (name, value, type(value))
        key = tuple(parts)
        try:
            found = made.get(key)
        except TypeError:  # an unhashable argument
            return render(what, args, values)
        if found is None:
            if len(made) >= PARTIALS_KEPT:
                made.clear()
            found = made[key] = render(what, args, values)
        return found

    return partial


#: What a site's template can raise while rendering (e.g. {{ x / 0 }}): reported with
#: `describe_template_error`, never as a traceback.
TEMPLATE_FAILURES = (
    TemplateError,
    TypeError,
    ValueError,
    AttributeError,
    LookupError,
    ArithmeticError,
)


def describe_template_error(exc: Exception, site_dir: Path, theme: Theme) -> Diagnostic:
    """A template failure as `templates/x.html:12: message`, pointing into the template."""
    if isinstance(exc, TemplateSyntaxError):
        return error(
            _shown(exc.filename or exc.name or "", site_dir, theme),
            exc.lineno or 0,
            "",
            f"template syntax error: {exc.message}",
        )
    where, line = "", 0
    for frame, lineno in traceback.walk_tb(exc.__traceback__):
        filename = frame.f_code.co_filename
        if any(_inside(filename, d) for d in theme.template_dirs):
            where, line = filename, lineno
    if isinstance(exc, TemplateNotFound):  # where: the template that includes or extends it
        return error(
            _shown(where or str(exc.name or ""), site_dir, theme),
            line,
            "",
            f"template {exc.name!r} not found in "
            + ", ".join(_shown(str(d), site_dir, theme) for d in theme.template_dirs),
        )
    kind = "template error" if isinstance(exc, TemplateError) else type(exc).__name__
    return error(_shown(where, site_dir, theme) or "templates", line, "", f"{kind}: {exc}")


def _inside(filename: str, folder: Path) -> bool:
    try:
        Path(filename).resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


def _shown(filename: str, site_dir: Path, theme: Theme) -> str:
    path = Path(filename)
    for base, label in ((site_dir, ""), (BUILTIN_THEMES.parent, "atlasgen/")):
        try:
            return label + path.resolve().relative_to(base.resolve()).as_posix()
        except ValueError:
            continue
    return filename


#: Any read of a `data` attribute or key (`tickers.data`, `x["data"]`) in a template.
_READS_DATA = re.compile(rb"\.\s*data\b|\[\s*[\"']data[\"']\s*\]")


def reads_ticker_data(theme: Theme) -> bool:
    """Whether a template of the theme may read the tickers' data itself (`tickers.data`)
    rather than paste the fragments made from it. Only then does every page depend on
    the latest headlines in `ssi`/`esi` mode; a page that pastes an include directive
    does not. Conservative: any `.data` in any template counts."""
    for folder in theme.template_dirs:
        if folder.is_dir():
            for file in folder.rglob("*"):
                if file.is_file() and _READS_DATA.search(file.read_bytes()):
                    return True
    return False
