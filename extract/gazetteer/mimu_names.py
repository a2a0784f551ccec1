"""How a MIMU name field becomes a place's name, its alternate names and a note.

MIMU writes alternate names and notes in parentheses ("Yae Kyaw Gyi (Yae Kyaw Gyi (East))", "Hopang (Wa SAD)",
"Mong Hsu (Mong Hsu Sub-township)"): ``clean_name`` keeps the name, the alternates that are names, and the
note; ``state_display`` names a state or region as Myanmar usage does ("Kachin State", "Sagaing Region").
Used by ``build.py`` only.
"""

from __future__ import annotations

import re

from .keys import place_key

STATES = {"Kachin", "Kayah", "Kayin", "Chin", "Mon", "Rakhine", "Shan"}  # the rest are regions
_DIRECTIONS = {
    "north",
    "south",
    "east",
    "west",
    "upper",
    "lower",
    "middle",
    "central",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
    "north east",
    "north west",
    "south east",
    "south west",
    "inner",
    "outer",
    "new",
    "old",
}


def _split_parens(raw: str) -> tuple[str, list[str]]:
    """'Yae Kyaw Gyi (Yae Kyaw Gyi (East))' -> ('Yae Kyaw Gyi', ['Yae Kyaw Gyi (East)'])."""
    main, parts, depth, cur = [], [], 0, []
    for ch in raw:
        if ch == "(":
            if depth > 0:
                cur.append(ch)
            depth += 1
        elif ch == ")" and depth > 0:
            depth -= 1
            if depth == 0:
                parts.append("".join(cur).strip())
                cur = []
            else:
                cur.append(ch)
        elif depth > 0:
            cur.append(ch)
        else:
            main.append(ch)
    return re.sub(r"\s+", " ", "".join(main)).strip(), [p for p in parts if p]


def _is_direction(q: str) -> bool:
    return q.lower() in _DIRECTIONS


def _is_note(q: str) -> bool:
    """Parenthesised notes that are not names: '(Kokang SAZ)', '(Wa SAD)', '(1)', '(Ma Gu-2)' is a name."""
    return bool(re.search(r"\b(SAZ|SAD|Sub-township)\b", q)) or bool(re.fullmatch(r"[\d\s./-]+", q))


def clean_name(raw: str, level: str) -> tuple[str, list[str], str | None]:
    """(name, alternate names, note) from a MIMU English name.

    Generic words ("Town", "Sub-township") are removed, a parenthesised direction stays in the name
    ("Dagon Myothit (South)") and gives the alternate "South Dagon Myothit" (and "South Dagon"), a
    parenthesised other name becomes an alternate ("Pangsang (Panghkam)" -> Pangsang / Panghkam), so
    does the part after MIMU's "(a)" ("also known as"), and a parenthesised note ("(Kokang SAZ)") is
    returned separately. Alternates shorter than three letters are dropped.
    """
    raw = re.sub(r"\s+", " ", (raw or "").strip())
    if level == "town":
        raw = re.sub(r"\s+Town$", "", raw)
    aka: list[str] = []
    if re.search(r"\s\(a\)\s", raw):  # "Sa Rar Ka Htaung (a) Awng Lawt": also known as
        raw, *aka = [x.strip() for x in re.split(r"\s\(a\)\s", raw)]
    main, parens = _split_parens(raw)
    main = re.sub(r"\s+Sub-township$", "", main)
    alts: list[str] = []
    note = None
    kept: list[str] = []
    for q in parens:
        if _is_direction(q) or re.fullmatch(r"\d+", q):
            kept.append(q)
        elif _is_note(q):
            note = q
        else:
            inner, _ = _split_parens(q)
            alts.append(inner)
    name = main + "".join(f" ({q})" for q in kept)
    alts.extend(aka)
    if kept:
        alts.append(main)
        for q in kept:
            if _is_direction(q) and level not in ("village", "ward"):
                alts.append(f"{q.title()} {main}")
                if main.endswith(" Myothit"):
                    alts.append(f"{q.title()} {main[: -len(' Myothit')]}")
    seen = {place_key(name)}
    out = []
    for a in alts:
        k = place_key(a)
        if len(k) >= 3 and k not in seen:
            seen.add(k)
            out.append(a)
    return name, out, note


def state_display(name: str) -> str:
    base, parens = _split_parens(name)
    if base == "Nay Pyi Taw":
        return "Nay Pyi Taw"  # the capital's union territory goes by the capital's name
    word = "State" if base in STATES else "Region"
    return f"{base} {word}" + "".join(f" ({q})" for q in parens)


def admin_unit_names(
    names: dict[str, tuple[str, str | None]], saz: dict[str, str], dist_codes, tsp_codes, vt_codes
) -> tuple[dict[str, str], dict[str, tuple[str, list[str], str | None]]]:
    """The display names ("Kawlin District", "Kawlin Township", "Tondaw Village Tract") and the short names
    with their alternatives and note of the districts, townships and village tracts (by pcode), from MIMU's
    English names (`names`: pcode -> (english, myanmar)); a district MIMU leaves unnamed is its
    self-administered zone (`saz`)."""
    disp: dict[str, str] = {}
    short: dict[str, tuple[str, list[str], str | None]] = {}
    for code in dist_codes:
        en = names[code][0]
        if not en:
            en = saz.get(code) or code
            short[code] = (re.sub(r" Self-Administered Zone$", "", en), [], None)
            disp[code] = en
        else:
            name, alts, note = clean_name(en, "district")
            short[code] = (name, alts, note)
            disp[code] = f"{name} District" + (f" ({note})" if note else "")
    for code in tsp_codes:
        en = names[code][0]
        name, alts, note = clean_name(en, "township")
        short[code] = (name, alts, note)
        disp[code] = f"{name} Sub-township" if "Sub-township" in en else f"{name} Township"
    for code in vt_codes:
        name, alts, note = clean_name(names[code][0], "village_tract")
        short[code] = (name, alts, note)
        disp[code] = f"{name} Village Tract"
    return disp, short
