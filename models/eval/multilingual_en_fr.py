"""Writes the English and French rows of the shared multilingual set (CC BY-NC: evaluation only) to
/tmp/ml-en.csv and /tmp/ml-fr.csv, by a stop-word vote; used for the "longer, formal tickets" numbers
in ../README.md. Usage: python3 models/eval/multilingual_en_fr.py /work/shared/datasets/multilingual-tickets-train.csv"""
import csv, re, sys
EN = set("the and to of is are you your we our i my please with for this that have".split())
FR = set("le la les et est nous vous votre notre je mon ma des une pour avec dans pas".split())
out = {"en": [], "fr": []}
for r in csv.DictReader(open(sys.argv[1], encoding="utf-8")):
    w = re.findall(r"[a-zà-ÿ]+", (r["subject"] + " " + r["description"]).lower())
    if not w:
        continue
    e = sum(x in EN for x in w) / len(w)
    f = sum(x in FR for x in w) / len(w)
    if e > 0.15 and e > f:
        out["en"].append(r)
    elif f > 0.12 and f > e:
        out["fr"].append(r)
for lang, rows in out.items():
    with open(f"/tmp/ml-{lang}.csv", "w", newline="", encoding="utf-8") as fh:
        wr = csv.writer(fh, lineterminator="\n")
        wr.writerow(["subject", "description", "label"])
        wr.writerows([r["subject"], r["description"], r["label"]] for r in rows)
    print(lang, len(rows))
