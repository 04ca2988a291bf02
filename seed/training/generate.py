"""Builds handwritten-tickets.csv from the hand-written fragments in templates_fr.py / templates_en.py.

Each ticket is an opener, one or two problem sentences of its department, sometimes a neutral extra
sentence, and a closer; slots get plausible order numbers, amounts, dates and products; some tickets
lose their accents, capitals or get a typo, as real ones do. Deterministic (seed 7):
    python3 seed/training/generate.py > seed/training/handwritten-tickets.csv
The held-out file models/eval/handwritten-holdout.csv was written separately, sentence by sentence,
and shares no sentence with these fragments.
"""
import csv, random, sys, unicodedata
from templates_fr import FR, OPENERS_FR, CLOSERS_FR, EXTRAS_FR
from templates_en import EN, OPENERS_EN, CLOSERS_EN, EXTRAS_EN
from templates_formal import FORMAL, FORMAL_OPEN_EN, FORMAL_CLOSE_EN, FORMAL_OPEN_FR, FORMAL_CLOSE_FR

rng = random.Random(7)
PRODUCTS_FR = ["casque", "aspirateur", "téléphone", "montre connectée", "routeur", "manteau", "cafetière", "clavier"]
PRODUCTS_EN = ["headphones", "vacuum", "phone", "smartwatch", "router", "jacket", "coffee machine", "keyboard"]
DATES_FR = ["3 mars", "mars", "15/02", "lundi dernier", "la semaine dernière", "12 janvier", "avril"]
DATES_EN = ["March 3", "March", "02/15", "last Monday", "last week", "January 12", "April"]

def fill(text, fr):
    return (text.replace("{o}", str(rng.randint(100000, 999999)))
        .replace("{n}", f"FA-{rng.randint(2024, 2026)}-{rng.randint(1000, 9999)}")
        .replace("{a}", f"{rng.randint(9, 480)},{rng.randint(0, 99):02d} €" if fr else f"${rng.randint(9, 480)}.{rng.randint(0, 99):02d}")
        .replace("{d}", rng.choice(DATES_FR if fr else DATES_EN))
        .replace("{p}", rng.choice(PRODUCTS_FR if fr else PRODUCTS_EN)))

def strip_accents(t):
    return "".join(c for c in unicodedata.normalize("NFD", t) if unicodedata.category(c) != "Mn")

def typo(t):
    words = t.split(" ")
    i = rng.randrange(len(words))
    w = words[i]
    if len(w) > 4:
        j = rng.randrange(1, len(w) - 2)
        words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2:]
    return " ".join(words)

def messy(t, fr):
    r = rng.random()
    if fr and r < 0.3:
        t = strip_accents(t)
    if rng.random() < 0.25:
        t = typo(t)
    if rng.random() < 0.15:
        t = t.lower()
    return t

def ticket(dept, spec, openers, closers, extras, fr):
    bodies = rng.sample(spec["bodies"], 2 if rng.random() < 0.35 else 1)
    body = " ".join(b[0].upper() + b[1:] if rng.random() < 0.7 else b for b in bodies)
    parts = [rng.choice(openers), body, fill(rng.choice(extras), fr), rng.choice(closers)]
    sep = "\n" if rng.random() < 0.4 else " "
    description = messy(fill(sep.join(p for p in parts if p), fr), fr)
    subject = "" if rng.random() < 0.1 else messy(fill(rng.choice(spec["subjects"]), fr), fr)
    return subject, description, dept

rows = []
for lang, fr in ((FR, True), (EN, False)):
    openers, closers, extras = (OPENERS_FR, CLOSERS_FR, EXTRAS_FR) if fr else (OPENERS_EN, CLOSERS_EN, EXTRAS_EN)
    for dept, spec in lang.items():
        for _ in range(60):
            rows.append(ticket(dept, spec, openers, closers, extras, fr))
# Formal, longer tickets: a formal frame around one formal paragraph, sometimes with a short sentence of the same department.
for dept, langs in FORMAL.items():
    for code, paragraphs in langs.items():
        fr = code == "fr"
        spec = (FR if fr else EN)[dept]
        for _ in range(50 if dept == "technical" else 25):
            body = rng.choice(paragraphs)
            if rng.random() < 0.4:
                extra = rng.choice(spec["bodies"])
                body += " " + extra[0].upper() + extra[1:]
            frame = (FORMAL_OPEN_FR, FORMAL_CLOSE_FR) if fr else (FORMAL_OPEN_EN, FORMAL_CLOSE_EN)
            description = fill(rng.choice(frame[0]).rstrip() + "\n\n" + body + "\n\n" + rng.choice(frame[1]), fr)
            rows.append((fill(rng.choice(spec["subjects"]), fr), description, dept))
rng.shuffle(rows)
w = csv.writer(sys.stdout, lineterminator="\n")
w.writerow(["subject", "description", "label"])
w.writerows(rows)
