"""Make a synthetic briefing archive for tests and benchmarks.

    python bench/make_archive.py N DIR [--seed 1]
    python -m tests.support.synthetic_archive N DIR [--seed 1]

or ``make_archive(n, dest, seed=1)`` from Python.

Writes DIR/briefings/<date>-<slug>.md (N briefings, ~600 words each, all
published and reviewed), DIR/content/issues/*.md (150 issues) and
DIR/content/actors/*.md (800 actors: ~60 countries, ~40 organisations, the
rest people with a role and a home country). Every issue, actor and quote
speaker named by a briefing is in the registry, so the archive validates.

Output is a pure function of (N, seed): one ``random.Random(seed)`` drives
everything, and nothing depends on the clock, the locale or dict/set order.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

N_ACTORS = 800
N_ISSUES = 150
FIRST_DATE = dt.date(2015, 1, 1)
N_DAYS = 3653  # ten years

# --------------------------------------------------------------------------
# Word pools. Hand-written so names are plausible, ASCII-only and slug-safe
# (our slugger and Hugo's urlize then agree on every URL).

COUNTRIES = [  # (name, demonym)
    ("Japan", "Japanese"),
    ("Russia", "Russian"),
    ("China", "Chinese"),
    ("United States", "American"),
    ("Germany", "German"),
    ("France", "French"),
    ("United Kingdom", "British"),
    ("Italy", "Italian"),
    ("Spain", "Spanish"),
    ("Poland", "Polish"),
    ("Ukraine", "Ukrainian"),
    ("Belarus", "Belarusian"),
    ("Lithuania", "Lithuanian"),
    ("Latvia", "Latvian"),
    ("Estonia", "Estonian"),
    ("Finland", "Finnish"),
    ("Sweden", "Swedish"),
    ("Norway", "Norwegian"),
    ("Denmark", "Danish"),
    ("Netherlands", "Dutch"),
    ("Belgium", "Belgian"),
    ("Austria", "Austrian"),
    ("Hungary", "Hungarian"),
    ("Romania", "Romanian"),
    ("Bulgaria", "Bulgarian"),
    ("Greece", "Greek"),
    ("Turkey", "Turkish"),
    ("Serbia", "Serbian"),
    ("Georgia", "Georgian"),
    ("Armenia", "Armenian"),
    ("Azerbaijan", "Azerbaijani"),
    ("Iran", "Iranian"),
    ("Iraq", "Iraqi"),
    ("Syria", "Syrian"),
    ("Israel", "Israeli"),
    ("Saudi Arabia", "Saudi"),
    ("Egypt", "Egyptian"),
    ("Libya", "Libyan"),
    ("Mali", "Malian"),
    ("Niger", "Nigerien"),
    ("Nigeria", "Nigerian"),
    ("Ethiopia", "Ethiopian"),
    ("Kenya", "Kenyan"),
    ("South Africa", "South African"),
    ("India", "Indian"),
    ("Pakistan", "Pakistani"),
    ("Afghanistan", "Afghan"),
    ("Kazakhstan", "Kazakh"),
    ("North Korea", "North Korean"),
    ("South Korea", "South Korean"),
    ("Taiwan", "Taiwanese"),
    ("Philippines", "Filipino"),
    ("Vietnam", "Vietnamese"),
    ("Indonesia", "Indonesian"),
    ("Australia", "Australian"),
    ("Canada", "Canadian"),
    ("Mexico", "Mexican"),
    ("Brazil", "Brazilian"),
    ("Venezuela", "Venezuelan"),
    ("Moldova", "Moldovan"),
]

ORGANISATIONS = [  # (name, alias or None)
    ("NATO", "North Atlantic Alliance"),
    ("European Union", "EU"),
    ("United Nations", "UN"),
    ("UN Security Council", "Security Council"),
    ("OSCE", None),
    ("IAEA", "International Atomic Energy Agency"),
    ("African Union", None),
    ("ASEAN", None),
    ("Arab League", None),
    ("Council of Europe", None),
    ("European Commission", None),
    ("European Parliament", None),
    ("G7", "Group of Seven"),
    ("G20", None),
    ("Shanghai Cooperation Organisation", "SCO"),
    ("Collective Security Treaty Organization", "CSTO"),
    ("Gulf Cooperation Council", None),
    ("Wagner Group", "Wagner"),
    ("Hezbollah", None),
    ("Hamas", None),
    ("Taliban", None),
    ("Islamic State", "ISIS"),
    ("Red Cross", "ICRC"),
    ("Amnesty International", None),
    ("Human Rights Watch", None),
    ("World Bank", None),
    ("International Monetary Fund", "IMF"),
    ("Interpol", None),
    ("Europol", None),
    ("Frontex", None),
    ("Bundeswehr", None),
    ("Pentagon", None),
    ("Kremlin", None),
    ("Bundestag", None),
    ("State Duma", "Duma"),
    ("ECOWAS", None),
    ("Eurocontrol", None),
    ("Nordic Council", None),
    ("Visegrad Group", "V4"),
    ("International Criminal Court", "ICC"),
]

FIRST_NAMES = (
    "Anna Boris Carla Dmitri Elena Farid Greta Hiro Ines Jonas Katja Lars "
    "Maria Nikolai Olga Pavel Quentin Rosa Sergei Tomas Ursula Viktor Wanda "
    "Xavier Yuki Zofia Ahmed Beatriz Chen Dalia Emil Fatima Gustav Hana Ivan "
    "Julia Kenji Leila Marek Nadia Omar Petra Rafael Sofia Taro Uma Vera "
    "Walter Yasmin Zoran"
).split()

LAST_NAMES = (
    "Abe Baerbock Castro Dahl Eriksen Fischer Garcia Hoffmann Ivanova Jansen "
    "Kono Lavrov Moreau Novak Okafor Petrov Quinn Rossi Schulz Tanaka Urban "
    "Vance Weber Xu Yilmaz Zielinski Andersson Bianchi Costa Dubois Engel "
    "Ferreira Gruber Horvat Ishikawa Jovanovic Kowalski Lindqvist Meyer "
    "Nakamura Olsen Popescu Ramos Sato Takahashi Underwood Varga Wagner "
    "Yamamoto Zhang Becker Kaya Lehmann Marin Nowak Schmitt Sokolov Toth "
    "Vogel Wolf"
).split()

ROLES = [
    "Foreign Minister",
    "Defence Minister",
    "Prime Minister",
    "President",
    "Chancellor",
    "Interior Minister",
    "Ambassador",
    "Chief of Staff",
    "National Security Adviser",
    "Government Spokesperson",
    "Opposition Leader",
    "Army General",
    "Navy Admiral",
    "Secretary General",
    "Special Envoy",
    "Deputy Foreign Minister",
    "Intelligence Chief",
    "Parliamentary Speaker",
    "Trade Minister",
    "Energy Minister",
]

# Named issues: (name, aliases).
NAMED_ISSUES = [
    ("Kuril Islands", ["Northern Territories", "Southern Kurils"]),
    ("Aegis Ashore", []),
    ("New START", ["New START Treaty"]),
    ("Iran Nuclear Deal", ["JCPOA"]),
    ("INF Treaty", ["Intermediate-Range Nuclear Forces Treaty"]),
    ("Nord Stream 2", ["Nord Stream"]),
    ("Crimea Annexation", []),
    ("Open Skies Treaty", ["Open Skies"]),
    ("Brexit", []),
    ("Two Percent Target", ["Two Percent Goal"]),
    ("Minsk Agreements", ["Minsk Protocol"]),
    ("Suwalki Gap", []),
    ("Eastern Partnership", []),
    ("Belt and Road Initiative", ["Belt and Road"]),
    ("Kaliningrad", []),
    ("Donbas War", ["War in Donbas"]),
    ("Nagorno-Karabakh", ["Artsakh"]),
    ("Hong Kong Protests", []),
    ("Skripal Poisoning", []),
    ("MH17", ["Flight MH17"]),
]

REGIONS = (
    "Baltic|Black Sea|Arctic|Sahel|Taiwan Strait|Korean Peninsula|"
    "South China Sea|Mediterranean|Caucasus|Balkans|Persian Gulf|Red Sea|"
    "Central Asia|Horn of Africa|Eastern Flank|Danube|North Sea|Pacific|"
    "Indian Ocean|Sea of Japan|Levant|Western Balkans|Barents Sea|Atlantic"
).split("|")

TOPICS = (
    "Air Policing|Missile Defence|Naval Exercises|Arms Control|Sanctions|"
    "Border Dispute|Cyber Operations|Energy Security|Refugee Flows|"
    "Troop Deployments|Peacekeeping Mission|Drone Strikes|Maritime Patrols|"
    "Election Interference|Disinformation|Nuclear Talks|Ceasefire|"
    "Hostage Crisis|Military Aid|Pipeline Dispute"
).split("|")

OUTLETS = [
    "DW",
    "Reuters",
    "AP",
    "AFP",
    "BBC",
    "Le Monde",
    "NHK",
    "Kyodo",
    "Der Spiegel",
    "El Pais",
    "The Guardian",
    "Yonhap",
]
CREDITS = [
    "js/sms (AP, dpa)",
    "rc/msh (Reuters, AFP)",
    "dj/ng (dpa, AP)",
    "kw/jm (AFP, Reuters)",
    "ab/cd (dpa)",
    "mm/rt (AP)",
]
EDITORS = ["A. Editor", "B. Reviewer", "C. Desk", "D. Checker", "E. Night"]

# Body vocabulary: grouped by part of speech so sentences read like news.
NOUNS = (
    "government ministry talks agreement treaty border troops exercise "
    "sanctions statement delegation summit alliance negotiations security "
    "region forces officials parliament ceasefire pipeline conflict tensions "
    "deployment missile system navy coast guard airspace patrol incident "
    "protest election policy budget spending aid weapons convoy embassy "
    "diplomats envoy minister spokesperson analysts observers report "
    "investigation evidence allegations response proposal framework meeting "
    "visit dialogue partners neighbours capital villages population refugees "
    "energy supplies gas oil grain shipments ports infrastructure cyberattack "
    "hackers network satellite intelligence agency commander battalion "
    "brigade unit base island territory waters frontier checkpoint corridor"
).split()
VERBS = (
    "said warned accused rejected announced confirmed denied welcomed "
    "criticised urged signed postponed suspended resumed expanded reduced "
    "deployed withdrew reported demanded proposed condemned discussed "
    "insisted argued acknowledged questioned promised threatened approved "
    "blocked extended launched monitored tracked intercepted"
).split()
ADJECTIVES = (
    "military diplomatic strategic regional foreign domestic national "
    "international bilateral joint new former senior unnamed official "
    "significant limited urgent renewed growing fragile tense long-range "
    "short-range naval nuclear economic political humanitarian legal "
    "controversial temporary permanent northern southern eastern western"
).split()
FILLERS = (
    "the the the the a a of of of in in on to to to and and and with for "
    "by from over after before amid during against between that which "
    "while as at its their this last next since"
).split()
OPENERS = [
    "On Tuesday,",
    "Earlier this week,",
    "According to officials,",
    "In a statement,",
    "Meanwhile,",
    "However,",
    "Speaking to reporters,",
    "Last month,",
    "In response,",
    "Critics say",
    "Analysts believe",
    "For now,",
    "At the same time,",
    "Separately,",
    "Despite this,",
]
TITLE_TEMPLATES = [
    "{a} and {b} accuse one another of {adj} buildup",
    "{a} warns {b} over {issue}",
    "{p} visits {a} amid {issue} tensions",
    "{o} ministers meet on {issue}",
    "{a} rejects {b} proposal on {issue}",
    "{p} calls for talks with {b}",
    "{a} expands {adj} presence near {issue}",
    "{o} criticises {a} over {issue}",
    "{a} and {b} sign {adj} agreement",
    "{p} says {issue} talks have stalled",
]


# --------------------------------------------------------------------------
# Registry


@dataclass(frozen=True)
class Actor:
    name: str
    kind: str  # person | country | organisation
    role: str | None = None
    country: str | None = None
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()


@dataclass(frozen=True)
class Issue:
    name: str
    aliases: tuple[str, ...] = ()
    wikidata: str | None = None


@dataclass
class Registry:
    countries: list[Actor] = field(default_factory=list)
    organisations: list[Actor] = field(default_factory=list)
    people: list[Actor] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)

    @property
    def actors(self) -> list[Actor]:
        return self.countries + self.organisations + self.people


def slugify(name: str) -> str:
    """ASCII slug; the pools are ASCII, so this matches python-slugify."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def make_registry(rng: random.Random) -> Registry:
    reg = Registry()
    reg.countries = [Actor(n, "country", demonyms=(d,)) for n, d in COUNTRIES]
    reg.organisations = [Actor(n, "organisation", aliases=(a,) if a else ()) for n, a in ORGANISATIONS]
    reg.people = make_people(rng, N_ACTORS - len(reg.countries) - len(reg.organisations))
    reg.issues = make_issues(rng)
    check_unique(reg)
    return reg


def make_people(rng: random.Random, count: int) -> list[Actor]:
    combos = [(first, last) for first in FIRST_NAMES for last in LAST_NAMES]
    chosen = rng.sample(combos, count)
    # A surname is a safe alias only when no other person shares it and it
    # is not already an organisation's name or alias ("Wagner").
    surname_uses: dict[str, int] = {}
    for _, last in chosen:
        surname_uses[last] = surname_uses.get(last, 0) + 1
    for name, alias in ORGANISATIONS:
        surname_uses[name] = surname_uses[alias] = 2
    country_names = [c for c, _ in COUNTRIES]
    people = []
    for first, last in chosen:
        alias = (last,) if surname_uses[last] == 1 else ()
        people.append(
            Actor(
                f"{first} {last}",
                "person",
                role=rng.choice(ROLES),
                country=rng.choice(country_names),
                aliases=alias,
            )
        )
    return people


def make_issues(rng: random.Random) -> list[Issue]:
    issues = [Issue(n, tuple(a), f"Q{100000 + i * 37}") for i, (n, a) in enumerate(NAMED_ISSUES)]
    combos = [(r, t) for r in REGIONS for t in TOPICS]
    for region, topic in rng.sample(combos, N_ISSUES - len(issues)):
        # About a third get an alias, spelled the other way round.
        aliases = (f"{topic} in the {region}",) if rng.random() < 0.35 else ()
        issues.append(Issue(f"{region} {topic}", aliases))
    return issues


def check_unique(reg: Registry) -> None:
    """Names, aliases and slugs must not clash anywhere in the registry."""
    seen: set[str] = set()
    for name in (
        [a.name for a in reg.actors]
        + [a for x in reg.actors for a in x.aliases]
        + [i.name for i in reg.issues]
        + [a for i in reg.issues for a in i.aliases]
    ):
        key = name.lower()
        assert key not in seen, f"duplicate name or alias: {name}"
        seen.add(key)
    for group in (reg.actors, reg.issues):
        slugs = [slugify(x.name) for x in group]
        assert len(slugs) == len(set(slugs)), "duplicate slug"


# --------------------------------------------------------------------------
# Text


def sentence(rng: random.Random, names: list[str]) -> str:
    """One news-like sentence of 10–24 words, sometimes naming an actor/issue."""
    # pick() via random() is ~3x faster than rng.choice, which matters at
    # ~15 picks per sentence and 400k sentences for a 10,000-briefing archive.
    r = rng.random

    def pick(seq):
        return seq[int(r() * len(seq))]

    words: list[str] = []
    if r() < 0.3:
        words.append(pick(OPENERS))
    if names and r() < 0.25:
        words.append(pick(names))
    else:
        words += ["the", pick(ADJECTIVES), pick(NOUNS)]
    words.append(pick(VERBS))
    for _ in range(2 + int(r() * 4)):  # phrases: filler [adj] noun
        words.append(pick(FILLERS))
        if r() < 0.5:
            words.append(pick(ADJECTIVES))
        words.append(pick(NOUNS))
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def paragraph(rng: random.Random, names: list[str], lo: int = 3, hi: int = 7) -> str:
    return " ".join(sentence(rng, names) for _ in range(rng.randint(lo, hi)))


def body(rng: random.Random, names: list[str], target_words: int) -> str:
    paras: list[str] = []
    count = 0
    while count < target_words:
        p = paragraph(rng, names)
        paras.append(p)
        count += p.count(" ") + 1
    return "\n\n".join(paras)


# --------------------------------------------------------------------------
# YAML emitting (by hand: ~10x faster than yaml.dump, and the layout is fixed)

_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 .'/()-]*[A-Za-z0-9.)]\Z")
_YAML_WORDS = {"yes", "no", "on", "off", "true", "false", "null", "y", "n"}


def q(text: str) -> str:
    """A YAML scalar: plain when unambiguous, else JSON-quoted (valid YAML)."""
    if _PLAIN.match(text) and text.lower() not in _YAML_WORDS:
        return text
    return json.dumps(text)


def flow_list(items) -> str:
    return "[" + ", ".join(q(x) for x in items) + "]"


def flow_map(pairs: list[tuple[str, str | None]]) -> str:
    return "{" + ", ".join(f"{k}: {q(v)}" for k, v in pairs if v is not None) + "}"


# --------------------------------------------------------------------------
# Briefings


def briefing_text(rng: random.Random, reg: Registry, date: dt.date) -> tuple[str, str]:
    """Return (title, file text) of one briefing."""
    actors = pick_actors(rng, reg)
    issues = rng.sample(reg.issues, rng.randint(2, 5))
    people = [a for a in actors if a.kind == "person"]
    countries = [a for a in actors if a.kind == "country"]
    orgs = [a for a in actors if a.kind == "organisation"]
    # Titles name only this briefing's actors: {b} is a second country, else
    # an organisation, else the second person.
    other = (countries[1:] + orgs + people[1:])[0]
    title = rng.choice(TITLE_TEMPLATES).format(
        a=countries[0].name,
        b=other.name,
        p=people[0].name,
        o=(orgs or countries)[0].name,
        issue=issues[0].name,
        adj=rng.choice(ADJECTIVES),
    )
    names = [a.name for a in actors] * 2 + [i.name for i in issues]
    lines = [
        "---",
        f"title: {q(title)}",
        f"date: {date.isoformat()}",
        "status: published",
        f"reviewed_by: {q(rng.choice(EDITORS))}",
        "source:",
        f"  outlet: {q(rng.choice(OUTLETS))}",
        f"  url: https://example.org/news/{date.isoformat()}/{slugify(title)}",
        f"  credit: {q(rng.choice(CREDITS))}",
        f"summary: {q(paragraph(rng, names, 2, 3))}",
        f"issues: {flow_list(i.name for i in issues)}",
        "actors:",
        *(f"  - {actor_map(a)}" for a in actors),
        "quotes:",
        *(f"  - {quote_map(rng, people, actors, names)}" for _ in range(rng.randint(2, 4))),
        "---",
        body(rng, names, rng.randint(520, 680)),
        "",
    ]
    return title, "\n".join(lines)


def pick_actors(rng: random.Random, reg: Registry) -> list[Actor]:
    """3–8 actors, at least two people (quote speakers) and one country."""
    k = rng.randint(3, 8)
    n_people = rng.randint(2, max(2, k - 1))
    people = rng.sample(reg.people, n_people)
    rest = k - n_people
    others = rng.sample(reg.countries, max(1, rest - rest // 3)) + rng.sample(reg.organisations, rest // 3)
    return people + others


def actor_map(a: Actor) -> str:
    return flow_map([("name", a.name), ("kind", a.kind), ("role", a.role), ("country", a.country)])


def quote_map(rng: random.Random, people: list[Actor], actors: list[Actor], names: list[str]) -> str:
    speaker = rng.choice(people)
    to = None
    if rng.random() < 0.5:
        to = rng.choice([a for a in actors if a is not speaker]).name
    text = sentence(rng, names)
    return flow_map([("speaker", speaker.name), ("to", to), ("text", text)])


# --------------------------------------------------------------------------
# Registry files


def issue_text(rng: random.Random, issue: Issue) -> str:
    lines = ["---", f"name: {q(issue.name)}"]
    if issue.aliases:
        lines.append(f"aliases: {flow_list(issue.aliases)}")
    if issue.wikidata:
        lines.append(f"wikidata: {issue.wikidata}")
    lines += ["---", body(rng, [issue.name], rng.randint(60, 160)), ""]
    return "\n".join(lines)


def actor_text(rng: random.Random, a: Actor) -> str:
    lines = ["---", f"name: {q(a.name)}", f"kind: {a.kind}"]
    if a.role:
        lines.append(f"role: {q(a.role)}")
    if a.country:
        lines.append(f"country: {q(a.country)}")
    if a.aliases:
        lines.append(f"aliases: {flow_list(a.aliases)}")
    if a.demonyms:
        lines.append(f"demonyms: {flow_list(a.demonyms)}")
    lines += ["---", paragraph(rng, [a.name]), ""]
    return "\n".join(lines)


# --------------------------------------------------------------------------


def write(path: Path, text: str) -> None:
    # newline="\n" so the bytes are the same on every platform.
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def make_archive(n: int, dest: str | Path, seed: int = 1) -> Path:
    """Write a synthetic archive of n briefings under dest (emptied first)."""
    dest = Path(dest)
    for sub in ("briefings", "content/issues", "content/actors"):
        shutil.rmtree(dest / sub, ignore_errors=True)
        (dest / sub).mkdir(parents=True)
    rng = random.Random(seed)
    reg = make_registry(rng)
    for issue in reg.issues:
        write(dest / "content/issues" / f"{slugify(issue.name)}.md", issue_text(rng, issue))
    for actor in reg.actors:
        write(dest / "content/actors" / f"{slugify(actor.name)}.md", actor_text(rng, actor))
    used: set[str] = set()
    for _ in range(n):
        date = FIRST_DATE + dt.timedelta(days=rng.randrange(N_DAYS))
        title, text = briefing_text(rng, reg, date)
        stem = unique_stem(f"{date.isoformat()}-{short_slug(title)}", used)
        write(dest / "briefings" / f"{stem}.md", canonical(f"briefings/{stem}.md", text))
    return dest


def canonical(path: str, text: str) -> str:
    """The text as ``build.py fmt`` writes it, so ``check`` has nothing to warn about."""
    from briefing_archive.parse import parse_briefing
    from briefing_archive.serialize import dump_briefing

    return dump_briefing(parse_briefing(path, text))


def short_slug(title: str, limit: int = 60) -> str:
    slug = slugify(title)
    if len(slug) > limit:
        slug = slug[:limit].rsplit("-", 1)[0]
    return slug


def unique_stem(stem: str, used: set[str]) -> str:
    candidate, k = stem, 2
    while candidate in used:
        candidate, k = f"{stem}-{k}", k + 1
    used.add(candidate)
    return candidate


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", type=int, help="number of briefings")
    ap.add_argument("dest", help="archive folder to (re)create")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    make_archive(args.n, args.dest, args.seed)
    print(f"wrote {args.n} briefings to {args.dest} in {time.perf_counter() - t0:.1f}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
